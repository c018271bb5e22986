import AgoraCore
import Synchronization

/// Admits model calls to one back end, no more at once than the slots it declares, first come first served,
/// and keeps the books on how busy those slots were: this is where "the back end waited" becomes a number.
///
/// A waiting call that is cancelled leaves the queue at once, so a cancelled run frees the back end.
public final class ModelGate: Sendable {
    public let backend: any ModelBackend
    public let slots: Int
    private let state: Mutex<State>
    private let clock = ContinuousClock()
    private let opened: ContinuousClock.Instant

    struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
        var priority = 0
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

    /// The queue's order; changing it affects calls that wait from then on.
    public var policy: Policy {
        get { state.withLock { $0.policy } }
        set { state.withLock { $0.policy = newValue } }
    }

    struct State {
        var free: Int
        var waiters: [Waiter] = []
        var waitersHead = 0
        var nextWaiterID: UInt64 = 0
        var calls = 0
        var peakQueued = 0
        var busySlotNanos: Int64 = 0
        var policy = Policy.fifo
        var queued: Int { waiters.count - waitersHead }
    }

    public init(backend: any ModelBackend, slots: Int? = nil) {
        self.backend = backend
        self.slots = max(1, slots ?? backend.slots)
        self.state = Mutex(State(free: max(1, slots ?? backend.slots)))
        self.opened = clock.now
    }

    /// Runs `request` when a slot is free; the slot is held for the back end's whole answer.
    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        try await acquire()
        let started = clock.now
        defer { release(busySince: started) }
        return try await backend.complete(request)
    }

    /// Waits for a slot. Throws `CancellationError` if the task is cancelled while it waits.
    public func acquire(priority: Int? = nil) async throws {
        let admitted = state.withLock { state -> Bool in
            guard state.free > 0 else { return false }
            state.free -= 1
            state.calls += 1
            return true
        }
        if admitted { return }
        // Read only by a call that has to wait: the task-local lookup stays off the common path.
        let priority = priority ?? Self.priority
        let id = state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Void, any Error>? in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if state.free > 0 {
                        state.free -= 1
                        state.calls += 1
                        return .success(())
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation, priority: priority))
                    state.peakQueued = max(state.peakQueued, state.queued)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let removed = state.withLock { state -> Waiter? in
                guard let index = state.waiters[state.waitersHead...].firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            removed?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Gives a slot back, handing it straight to the first waiter if there is one.
    public func release(busySince started: ContinuousClock.Instant) {
        let busy = clock.now - started
        let next = state.withLock { state -> Waiter? in
            state.busySlotNanos += busy.inNanoseconds
            guard state.waitersHead < state.waiters.count else {
                state.free += 1
                return nil
            }
            if state.policy == .subtreeFirst, let best = state.waiters[state.waitersHead...].indices.max(by: {
                state.waiters[$0].priority < state.waiters[$1].priority || (state.waiters[$0].priority == state.waiters[$1].priority && $0 > $1)
            }), best != state.waitersHead {
                state.calls += 1
                return state.waiters.remove(at: best)
            }
            let waiter = state.waiters[state.waitersHead]
            state.waitersHead += 1
            state.calls += 1
            if state.waitersHead > 1024, state.waitersHead * 2 > state.waiters.count {
                state.waiters.removeFirst(state.waitersHead)
                state.waitersHead = 0
            }
            return waiter
        }
        next?.continuation.resume()
    }

    /// What the gate has seen so far.
    public var telemetry: ModelGateTelemetry {
        let elapsed = clock.now - opened
        return state.withLock { state in
            ModelGateTelemetry(
                backend: backend.id,
                slots: slots,
                calls: state.calls,
                inFlight: slots - state.free,
                queued: state.queued,
                peakQueued: state.peakQueued,
                busySlotSeconds: Double(state.busySlotNanos) / 1e9,
                elapsedSeconds: elapsed.inSeconds
            )
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
    /// Slot-seconds spent serving calls (completed calls only).
    public var busySlotSeconds: Double
    public var elapsedSeconds: Double

    /// Slot-seconds the back end sat idle since the gate opened.
    public var idleSlotSeconds: Double { max(0, Double(slots) * elapsedSeconds - busySlotSeconds) }
    /// Busy slot-time over total slot-time, 0...1.
    public var utilisation: Double {
        let total = Double(slots) * elapsedSeconds
        return total > 0 ? min(1, busySlotSeconds / total) : 0
    }
}
