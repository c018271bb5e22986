/// What the market knows of a worker: how far it trusts its claims, and the quality it actually delivered.
///
/// Trust starts at `initialTrust` and moves with every outcome: an honest on-time delivery raises it, a late one,
/// a failure, or quality far below the claim (an over-claiming bid) lowers it.
public struct Reputation: Sendable, Hashable, Codable {
    public static let initialTrust = 0.7
    /// How far delivered quality may fall short of the claim before the bid counts as dishonest.
    public static let tolerance = 0.2

    /// 0...1.
    public var trust: Double
    /// The mean quality of everything delivered, on time or late; nil before the first delivery.
    public var observedQuality: Double?
    public var deliveries: Int
    public var late: Int
    public var failures: Int
    public var overclaims: Int

    public init(trust: Double = Reputation.initialTrust) {
        self.trust = trust
        observedQuality = nil
        deliveries = 0
        late = 0
        failures = 0
        overclaims = 0
    }

    public enum Event: Sendable, Hashable {
        case delivered(claimed: Double, observed: Double, late: Bool)
        case failed
    }

    /// The reputation after `event`.
    public func updated(with event: Event) -> Reputation {
        var next = self
        switch event {
        case .failed:
            next.failures += 1
            next.trust *= 0.5
        case .delivered(let claimed, let observed, let late):
            let total = (observedQuality ?? 0) * Double(deliveries) + observed
            next.deliveries += 1
            next.observedQuality = total / Double(next.deliveries)
            let gap = claimed - observed
            if gap > Self.tolerance {
                next.overclaims += 1
                next.trust *= 1 - min(0.8, 2 * gap)
            } else if !late {
                next.trust += 0.2 * (1 - next.trust)
            }
            if late {
                next.late += 1
                next.trust *= 0.6
            }
        }
        next.trust = min(1, max(0, next.trust))
        return next
    }

    /// The quality the market expects from a bid of this worker: the claim, capped by the record, discounted by
    /// distrust.
    public func expectedQuality(claimed: Double) -> Double {
        min(claimed, observedQuality ?? claimed) * (0.7 + 0.3 * trust)
    }
}
