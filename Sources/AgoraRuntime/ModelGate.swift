import AgoraCore
import Synchronization

/// Admits model calls to one back end, no more at once than the slots it declares, first come first served,
/// and keeps the books on how busy those slots were: this is where "the back end waited" becomes a number.
///
/// A waiting call that is cancelled leaves the queue at once, so a cancelled run frees the back end. The order and
/// the books live in `ModelGateState`; this class only locks it and resumes the continuations it names.
public final class ModelGate: Sendable {
    public let backend: any ModelBackend
    public let slots: Int
    private let storage: Mutex<Storage>
    private let nextWaiterID = Atomic<UInt64>(0)
    private let clock = ContinuousClock()
    private let opened: ContinuousClock.Instant

    private struct Storage {
        var state: ModelGateState
        var continuations: [UInt64: CheckedContinuation<Void, any Error>] = [:]
    }

    /// How waiting calls are ordered when a slot frees.
    public enum Policy: Sendable, Hashable {
        /// First come, first served (the default).
        case fifo
        /// Highest priority first, first come first served among equals. Callers pass their depth, so agents
        /// finishing a subtree go ahead of new work.
        case subtreeFirst
    }

    /// The priority a call waits with when `acquire` is given none: bind it around `AgentContext.ask`,
    /// `ModelGate.$priority.withValue(context.depth) { ... }`. Only `.subtreeFirst` looks at it.
    @TaskLocal public static var priority = 0

    /// The queue's order; a change reorders the calls already waiting too.
    public var policy: Policy {
        get { storage.withLock { $0.state.policy } }
        set { storage.withLock { $0.state.policy = newValue } }
    }

    public init(backend: any ModelBackend, slots: Int? = nil) {
        self.backend = backend
        self.slots = max(1, slots ?? backend.slots)
        self.storage = Mutex(Storage(state: ModelGateState(slots: self.slots)))
        self.opened = clock.now
    }

    /// Runs `body` holding a slot, and gives the slot back when it returns or throws. While the back end waits out
    /// a retry (`ModelBackoff.wait`) inside `body`, the slot is given back and taken again after the wait: the
    /// books count the wait as backoff, not busy, and another call may use the slot meanwhile.
    public func withSlot<T: Sendable>(priority: Int? = nil, _ body: () async throws -> T) async throws -> T {
        try await acquire(priority: priority, afterBackoff: false)
        let hold = SlotHold(since: clock.now)
        defer { if let since = hold.end() { release(busy: clock.now - since) } }
        let backoff = ModelBackoff { [self] duration in
            try await backOff(for: duration, hold: hold, priority: priority)
        }
        return try await ModelBackoff.$current.withValue(backoff) { try await body() }
    }

    /// Waits for a slot. Throws `CancellationError` if the task is cancelled while it waits. A caller that uses
    /// this and `release` itself, rather than `withSlot`, keeps its slot through any retry backoff.
    public func acquire(priority: Int? = nil) async throws {
        try await acquire(priority: priority, afterBackoff: false)
    }

    /// Gives a slot back, handing it straight to the first waiter if there is one.
    public func release(busySince started: ContinuousClock.Instant) {
        release(busy: clock.now - started)
    }

    private func acquire(priority: Int?, afterBackoff: Bool) async throws {
        if storage.withLock({ $0.state.acquire(afterBackoff: afterBackoff) }) == .admitted { return }
        // Read only by a call that has to wait: the task-local lookup stays off the common path.
        let priority = priority ?? Self.priority
        let id = nextWaiterID.wrappingAdd(1, ordering: .relaxed).newValue
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // The state and the continuation change under one lock, so a release never names a waiter whose
                // continuation is not stored yet.
                let action = storage.withLock { storage -> ModelGateState.AcquireAction? in
                    if Task.isCancelled { return nil }
                    let action = storage.state.acquire(afterBackoff: afterBackoff, queueing: (id, priority))
                    if action == .enqueued { storage.continuations[id] = continuation }
                    return action
                }
                switch action {
                case nil: continuation.resume(throwing: CancellationError())
                case .admitted?: continuation.resume()
                case .enqueued?, .mustWait?: break
                }
            }
        } onCancel: {
            let cancelled = storage.withLock { storage -> CheckedContinuation<Void, any Error>? in
                guard case .fail(let id) = storage.state.cancel(id) else { return nil }
                return storage.continuations.removeValue(forKey: id)
            }
            cancelled?.resume(throwing: CancellationError())
        }
    }

    private func release(busy: Duration) {
        let next = storage.withLock { storage -> CheckedContinuation<Void, any Error>? in
            guard case .resume(let id) = storage.state.release(busy: busy) else { return nil }
            return storage.continuations.removeValue(forKey: id)
        }
        next?.resume()
    }

    /// A back end's retry wait inside `withSlot`: the slot goes back for the wait and is taken again after it.
    private func backOff(for duration: Duration, hold: SlotHold, priority: Int?) async throws {
        guard let since = hold.end() else {
            // Not holding (a wait from a task the call spawned, after its slot was given back): just wait.
            try await Task.sleep(for: duration)
            return
        }
        release(busy: clock.now - since)
        let waitStarted = clock.now
        do {
            try await Task.sleep(for: duration)
        } catch {
            record(backoff: clock.now - waitStarted)
            throw error
        }
        record(backoff: clock.now - waitStarted)
        try await acquire(priority: priority, afterBackoff: true)
        hold.begin(at: clock.now)
    }

    private func record(backoff: Duration) {
        storage.withLock { $0.state.backedOff(for: backoff) }
    }

    /// What the gate has seen so far.
    public var telemetry: ModelGateTelemetry {
        let elapsed = clock.now - opened
        return storage.withLock { storage in
            let state = storage.state
            return ModelGateTelemetry(
                backend: backend.id,
                slots: slots,
                calls: state.calls,
                inFlight: state.inFlight,
                queued: state.queued,
                peakQueued: state.peakQueued,
                busySlotSeconds: state.busy.inSeconds,
                backoffSeconds: state.backoff.inSeconds,
                backoffs: state.backoffs,
                elapsedSeconds: elapsed.inSeconds
            )
        }
    }
}

/// When the slot a `withSlot` call holds was taken, or nil while the call holds none (during a backoff).
private final class SlotHold: Sendable {
    private let since: Mutex<ContinuousClock.Instant?>

    init(since: ContinuousClock.Instant) {
        self.since = Mutex(since)
    }

    func begin(at instant: ContinuousClock.Instant) {
        since.withLock { $0 = instant }
    }

    /// Stops the hold and says when it began; nil if there was none.
    func end() -> ContinuousClock.Instant? {
        since.withLock { since in
            defer { since = nil }
            return since
        }
    }
}

/// A snapshot of a model gate's books.
public struct ModelGateTelemetry: Sendable, Hashable {
    public var backend: String
    public var slots: Int
    public var calls: Int
    public var inFlight: Int
    public var queued: Int
    public var peakQueued: Int
    /// Slot-seconds spent holding a slot (completed holds only). A `withSlot` call's retry backoff is not in it.
    public var busySlotSeconds: Double
    /// Seconds calls spent waiting out a back end's retry backoff with their slot given back, summed over calls.
    public var backoffSeconds: Double
    /// Retry waits taken with the slot given back.
    public var backoffs: Int
    public var elapsedSeconds: Double

    /// Slot-seconds the back end sat idle since the gate opened: no call held the slot (a backing-off call holds none).
    public var idleSlotSeconds: Double { max(0, Double(slots) * elapsedSeconds - busySlotSeconds) }
    /// Busy slot-time over total slot-time, 0...1.
    public var utilisation: Double {
        let total = Double(slots) * elapsedSeconds
        return total > 0 ? min(1, busySlotSeconds / total) : 0
    }
}
