/// A model gate's state: its free slots, the calls waiting and in what order, and the books.
///
/// Pure and synchronous, so that it can be tested by stepping it: `ModelGate` holds it under a lock, feeds it
/// events (a call asks for a slot, a waiter is cancelled, a slot comes back after so long busy) and carries out the
/// actions it returns (resume this waiter, fail that one) outside the lock. It knows waiters by id only (the shell
/// keeps their continuations) and time only as the durations it is told.
struct ModelGateState: Sendable {
    typealias Waiter = ModelGateQueue.Waiter

    enum AcquireAction: Sendable, Hashable {
        /// A slot was free and is now the caller's.
        case admitted
        /// No slot is free and the caller gave no waiter: nothing changed, ask again with one.
        case mustWait
        /// No slot is free; the waiter is queued until `release` hands it one or `cancel` takes it out.
        case enqueued
    }

    enum ReleaseAction: Sendable, Hashable {
        /// Nobody waited: the slot is free.
        case freed
        /// The slot went straight to this waiter: resume it, it holds the slot now.
        case resume(UInt64)
    }

    enum CancelAction: Sendable, Hashable {
        /// The waiter had left the queue already (admitted, or never queued): nothing to do.
        case none
        /// The waiter left the queue: fail it with `CancellationError`.
        case fail(UInt64)
    }

    let slots: Int
    private(set) var free: Int
    private var queue: ModelGateQueue
    /// Calls admitted; a call coming back from a retry backoff is not counted again.
    private(set) var calls = 0
    private(set) var peakQueued = 0
    /// Slot time spent holding a slot, over every completed hold.
    private(set) var busy: Duration = .zero
    /// Time calls spent waiting out a back end's retry backoff, with no slot held.
    private(set) var backoff: Duration = .zero
    private(set) var backoffs = 0

    init(slots: Int, policy: ModelGate.Policy = .fifo) {
        self.slots = max(1, slots)
        self.free = self.slots
        self.queue = ModelGateQueue(policy: policy)
    }

    var queued: Int { queue.count }
    var inFlight: Int { slots - free }

    var policy: ModelGate.Policy {
        get { queue.policy }
        set { queue.reorder(by: newValue) }
    }

    /// The one admission path. A free slot goes to the caller whether or not it can wait; without one, a caller
    /// that gives its id and priority is queued, and one that gives none (the shell's fast path, which has no
    /// continuation yet) is told to ask again with them. A call coming back from a retry backoff was counted when
    /// first admitted and is not counted again.
    mutating func acquire(afterBackoff: Bool = false, queueing waiter: (id: UInt64, priority: Int)? = nil) -> AcquireAction {
        if free > 0 {
            free -= 1
            if !afterBackoff { calls += 1 }
            return .admitted
        }
        guard let waiter else { return .mustWait }
        queue.push(Waiter(id: waiter.id, priority: waiter.priority, afterBackoff: afterBackoff))
        peakQueued = max(peakQueued, queue.count)
        return .enqueued
    }

    /// A slot comes back after `busy` of use and goes straight to the next waiter if there is one.
    mutating func release(busy: Duration) -> ReleaseAction {
        precondition(free < slots, "a model gate slot was released that was not held")
        self.busy += busy
        guard let next = queue.popFirst() else {
            free += 1
            return .freed
        }
        if !next.afterBackoff { calls += 1 }
        return .resume(next.id)
    }

    mutating func cancel(_ id: UInt64) -> CancelAction {
        queue.remove(id) == nil ? .none : .fail(id)
    }

    /// A call waited `duration` for a back end's retry, its slot given back meanwhile.
    mutating func backedOff(for duration: Duration) {
        backoff += duration
        backoffs += 1
    }
}
