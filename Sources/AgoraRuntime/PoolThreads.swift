import Foundation

typealias PoolMachine = ToolPoolState<PoolJob, PoolThread>

extension PoolInstant {
    /// The monotonic clock's reading: `pthread_cond_timedwait` on a `Mailbox` waits on the same clock.
    static var now: PoolInstant {
        var reading = timespec()
        clock_gettime(CLOCK_MONOTONIC, &reading)
        return PoolInstant(nanoseconds: UInt64(reading.tv_sec) * 1_000_000_000 + UInt64(reading.tv_nsec))
    }

    var monotonicTimespec: timespec {
        timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
    }
}

/// A pool thread as the state machine knows it: the mailbox its next action is posted to while it is parked.
final class PoolThread: Equatable, Sendable {
    let mailbox = Mailbox<PoolMachine.WorkerAction>()

    static func == (lhs: PoolThread, rhs: PoolThread) -> Bool { lhs === rhs }
}

/// One message slot and a condition variable on the monotonic clock: a thread sleeps here until a message is
/// posted or its deadline passes. A message posted before the thread waits is kept, so no wake-up is lost.
final class Mailbox<Message>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`; nothing else in the pool is.
    private var message: Message?
    private var waiting = false

    init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        // Timed waits measure the monotonic clock, so setting the wall clock neither fires nor delays them.
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Leaves `message` (replacing one not yet taken) and wakes the thread if it waits.
    func post(_ message: Message) {
        pthread_mutex_lock(mutex)
        self.message = message
        let wake = waiting
        pthread_mutex_unlock(mutex)
        if wake { pthread_cond_signal(condition) }
    }

    /// The posted message, waiting for one however long it takes.
    func take() -> Message {
        pthread_mutex_lock(mutex)
        waiting = true
        while message == nil { pthread_cond_wait(condition, mutex) }
        waiting = false
        // The loop above ended on a message.
        return takeLocked()!
    }

    /// The posted message, waiting for one until `deadline`; nil if none came.
    func take(until deadline: PoolInstant) -> Message? {
        pthread_mutex_lock(mutex)
        waiting = true
        var limit = deadline.monotonicTimespec
        while message == nil, pthread_cond_timedwait(condition, mutex, &limit) != ETIMEDOUT {}
        waiting = false
        return takeLocked()
    }

    private func takeLocked() -> Message? {
        let taken = message
        message = nil
        pthread_mutex_unlock(mutex)
        return taken
    }
}

/// A value behind a pthread mutex: the pool's state machine, which every pool thread and caller consults.
final class LockedState<State>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    // Only reached through `withLock`.
    private var state: State

    init(_ state: State) {
        self.state = state
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    @inline(__always)
    func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }
}
