/// The simulated accelerator's arithmetic, with no threads and no clock: requests arrive at given times, the
/// batch progresses as a fluid (every sequence in it advances at the batch's current rate), and each request
/// finishes at an exact simulated time. The `SimulatedAccelerator` drives it from its own thread; tests drive
/// it with made-up times.
///
/// A request takes the lowest free slot; with every slot taken it waits, first come first served.
public struct AcceleratorSchedule: Sendable {
    public let profile: AcceleratorProfile
    /// Seconds since the schedule began; only moves forward.
    public private(set) var now: Double = 0
    public private(set) var inputTokens = 0
    public private(set) var outputTokens = 0
    /// Busy intervals of finished requests, per slot, in the order they finished.
    public private(set) var intervals: [SlotInterval] = []
    private var finishedBusy: [Double]
    private var running: [Running?]
    private var waiting: [Pending] = []

    public struct SlotInterval: Sendable, Hashable, Codable {
        public var slot: Int
        public var start: Double
        public var end: Double
        public var request: UInt64
    }

    /// A request that finished (or was cancelled) at `time`.
    public struct Completion: Sendable, Hashable {
        public var request: UInt64
        public var time: Double
        public var inputTokens: Int
        public var outputTokens: Int
    }

    struct Pending: Sendable {
        var id: UInt64
        var input: Int
        var output: Int
    }

    struct Running: Sendable {
        var id: UInt64
        var input: Int
        var output: Int
        var started: Double
        var prefillLeft: Double
        var decodeLeft: Double
        var done: Bool { prefillLeft <= Self.epsilon && decodeLeft <= Self.epsilon }
        static let epsilon = 1e-9
    }

    public init(profile: AcceleratorProfile) {
        self.profile = profile
        finishedBusy = Array(repeating: 0, count: profile.slots)
        running = Array(repeating: nil, count: profile.slots)
    }

    /// Sequences in the batch now.
    public var active: Int { running.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }
    public var queued: Int { waiting.count }

    /// A request arrives at `time` (not before `now`). Returns what finished up to then.
    public mutating func submit(_ id: UInt64, inputTokens: Int, outputTokens: Int, at time: Double) -> [Completion] {
        let finished = advance(to: time)
        waiting.append(Pending(id: id, input: max(0, inputTokens), output: max(0, outputTokens)))
        admit()
        return finished + collectDone()
    }

    /// Takes a request out, waiting or running, at `time`. Its busy time counts; its tokens do not.
    public mutating func cancel(_ id: UInt64, at time: Double) -> [Completion] {
        var finished = advance(to: time)
        if let index = waiting.firstIndex(where: { $0.id == id }) {
            waiting.remove(at: index)
        } else if let slot = running.firstIndex(where: { $0?.id == id }), let request = running[slot] {
            finish(slot: slot, request)
            admit()
            finished += collectDone()
        }
        return finished
    }

    /// The simulated time of the next change (a prefill ending or a request finishing), if anything runs.
    public var nextEventTime: Double? {
        nextEventDelay.map { now + $0 }
    }

    /// Moves the clock to `time`, finishing every request whose end falls on or before it, in order.
    public mutating func advance(to time: Double) -> [Completion] {
        var finished: [Completion] = []
        while let delay = nextEventDelay, now + delay <= time {
            progress(by: delay)
            now += delay
            finished += collectDone()
        }
        if time > now {
            progress(by: time - now)
            now = time
        }
        return finished
    }

    /// Slot-seconds spent busy up to `now`, running requests included.
    public var busySlotSeconds: Double { busySlotSecondsPerSlot.reduce(0, +) }

    public var busySlotSecondsPerSlot: [Double] {
        (0..<profile.slots).map { slot in finishedBusy[slot] + (running[slot].map { now - $0.started } ?? 0) }
    }

    /// Busy intervals up to `now`, including the running ones (cut at `now`).
    public var allIntervals: [SlotInterval] {
        intervals + running.enumerated().compactMap { slot, request in
            request.map { SlotInterval(slot: slot, start: $0.started, end: now, request: $0.id) }
        }
    }

    // MARK: - Internals

    private var nextEventDelay: Double? {
        let active = self.active
        guard active > 0 else { return nil }
        let rate = profile.decodeRate(active: active)
        var soonest = Double.infinity
        for request in running {
            guard let request else { continue }
            let delay = request.prefillLeft > Running.epsilon
                ? request.prefillLeft / profile.prefillTokensPerSecond
                : request.decodeLeft / rate
            soonest = min(soonest, delay)
        }
        return soonest.isFinite ? max(0, soonest) : nil
    }

    private mutating func progress(by delay: Double) {
        guard delay > 0 else { return }
        let rate = profile.decodeRate(active: active)
        for slot in running.indices {
            guard var request = running[slot] else { continue }
            if request.prefillLeft > Running.epsilon {
                request.prefillLeft = max(0, request.prefillLeft - delay * profile.prefillTokensPerSecond)
                // A prefill that ends mid-step never happens: steps stop at every prefill's end.
            } else {
                request.decodeLeft = max(0, request.decodeLeft - delay * rate)
            }
            if request.prefillLeft <= Running.epsilon { request.prefillLeft = 0 }
            if request.decodeLeft <= Running.epsilon { request.decodeLeft = 0 }
            running[slot] = request
        }
    }

    private mutating func collectDone() -> [Completion] {
        var finished: [Completion] = []
        for slot in running.indices {
            guard let request = running[slot], request.done else { continue }
            finish(slot: slot, request)
            inputTokens += request.input
            outputTokens += request.output
            finished.append(Completion(request: request.id, time: now, inputTokens: request.input, outputTokens: request.output))
        }
        if !finished.isEmpty {
            admit()
            // Zero-length requests admitted just now finish at once.
            finished += collectDone()
        }
        return finished
    }

    private mutating func finish(slot: Int, _ request: Running) {
        finishedBusy[slot] += now - request.started
        intervals.append(SlotInterval(slot: slot, start: request.started, end: now, request: request.id))
        running[slot] = nil
    }

    private mutating func admit() {
        while !waiting.isEmpty, let slot = running.firstIndex(where: { $0 == nil }) {
            let next = waiting.removeFirst()
            running[slot] = Running(id: next.id, input: next.input, output: next.output, started: now,
                                    prefillLeft: Double(next.input), decodeLeft: Double(next.output))
        }
    }
}
