/// Chooses the endpoint for each request: the least busy of those up with a free slot. A failing endpoint goes
/// down for a cooldown that doubles with each consecutive failure, and comes back when it has passed.
///
/// A pure state machine: time is passed in, so tests need no clock.
struct EndpointBalancer: Sendable {
    struct Endpoint: Sendable, Hashable {
        var slots: Int
        var inFlight = 0
        var consecutiveFailures = 0
        var downUntil: Double = 0
    }

    enum Outcome: Sendable, Hashable {
        /// An answer came (any answer that says the endpoint works, a 4xx included).
        case success
        /// Unreachable or 5xx: take it out for a while.
        case failure
        /// 429: busy, not broken; out until `retryAfter` seconds from now.
        case busy(retryAfter: Double?)
        /// Cancelled, or a failure that says nothing about the endpoint.
        case neutral
    }

    private(set) var endpoints: [Endpoint]
    let baseCooldown: Double
    let maxCooldown: Double

    init(slots: [Int], baseCooldown: Double = 1, maxCooldown: Double = 30) {
        precondition(!slots.isEmpty, "at least one endpoint")
        endpoints = slots.map { Endpoint(slots: max(1, $0)) }
        self.baseCooldown = baseCooldown
        self.maxCooldown = maxCooldown
    }

    func isUp(_ index: Int, now: Double) -> Bool { endpoints[index].downUntil <= now }

    /// Picks an endpoint and counts the request on it. Prefers, in order: up with a free slot (least in flight),
    /// up (least in flight per slot), the one that comes back soonest. `avoiding` (endpoints that already failed
    /// this request) lose ties against any other endpoint that is up.
    mutating func acquire(now: Double, avoiding: Set<Int> = []) -> Int {
        func load(_ index: Int) -> Double { Double(endpoints[index].inFlight) / Double(endpoints[index].slots) }
        let indices = endpoints.indices
        let up = indices.filter { isUp($0, now: now) }
        let fresh = up.filter { !avoiding.contains($0) }
        let chosen: Int =
            fresh.filter { endpoints[$0].inFlight < endpoints[$0].slots }.min { load($0) < load($1) }
            ?? up.filter { endpoints[$0].inFlight < endpoints[$0].slots }.min { load($0) < load($1) }
            ?? fresh.min { load($0) < load($1) }
            ?? up.min { load($0) < load($1) }
            ?? indices.min { endpoints[$0].downUntil < endpoints[$1].downUntil }!
        endpoints[chosen].inFlight += 1
        return chosen
    }

    mutating func release(_ index: Int, outcome: Outcome, now: Double) {
        endpoints[index].inFlight -= 1
        switch outcome {
        case .success:
            endpoints[index].consecutiveFailures = 0
            endpoints[index].downUntil = 0
        case .failure:
            endpoints[index].consecutiveFailures += 1
            let exponent = min(endpoints[index].consecutiveFailures - 1, 16)
            let cooldown = min(maxCooldown, baseCooldown * Double(1 << exponent))
            endpoints[index].downUntil = max(endpoints[index].downUntil, now + cooldown)
        case .busy(let retryAfter):
            endpoints[index].downUntil = max(endpoints[index].downUntil, now + min(maxCooldown, retryAfter ?? baseCooldown))
        case .neutral:
            break
        }
    }

    /// Seconds until some endpoint is up again (0 if one is up now).
    func secondsUntilAnyUp(now: Double) -> Double {
        max(0, (endpoints.map(\.downUntil).min() ?? now) - now)
    }
}
