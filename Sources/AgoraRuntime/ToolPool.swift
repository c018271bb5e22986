import AgoraCore
import Foundation
import Synchronization

/// Dedicated OS threads for blocking tool calls, with their own queue.
///
/// An agent hands its blocking work over and suspends; a pool thread runs it and resumes the agent. Blocking
/// tools therefore never occupy the cooperative threads that schedule agents (two on a 2-core machine, where
/// two blocking calls would otherwise stall the whole swarm).
///
/// The pool is elastic. It keeps `threadCount` threads, and a watchdog adds threads (up to `maxThreads`)
/// when work waits in the queue while no thread has picked anything up for `starvationDelay`: blocking tools
/// cost threads, not CPU, so a fan-out of a hundred slow tools gets a hundred threads instead of waiting in
/// waves. Threads beyond `threadCount` leave after `idleTimeout` without work.
///
/// Idle threads park on a condition variable (spinning lowers the median hand-off but ruins the tail on a
/// small machine). Submitters signal only when a thread is parked, so a busy pool takes job after job with no
/// system call at all.
///
/// A call that times out or is cancelled returns to its agent at once with `ToolPoolError.timedOut` or
/// `CancellationError`. Its thread cannot be interrupted: the work is told through `ToolCancellation` and runs
/// until it returns, its result discarded. Meanwhile the watchdog lends the pool other threads as needed, and
/// the thread rejoins the pool when the work returns.
public final class ToolPool: @unchecked Sendable {
    public let threadCount: Int
    public let maxThreads: Int
    public let starvationDelay: Duration
    public let idleTimeout: Duration
    private let name: String
    private let lock = ConditionLock()
    private let watchdogWake = ConditionLock()
    // Guarded by `lock`.
    private var queue: [any PoolJob] = []
    private var head = 0
    private var parked = 0
    private var liveThreads = 0
    private var stuckThreads = 0
    private var completed = 0
    private var grown = 0
    private var lastDequeue = ContinuousClock.now
    /// Threads started that have not reached their loop yet: they will take queued work soon.
    private var starting = 0
    /// Threads waiting for work without parking (at most one).
    private var spinning = 0
    /// Calls with a timeout, checked by the watchdog.
    private var deadlines: [Deadline] = []
    /// The queue's length, readable without the lock by the spinning thread.
    private let queuedCount = Atomic<Int>(0)
    /// Set by `shutdown`; an atomic so that a spinning thread, which holds no lock, stops at once too.
    private let shuttingDownFlag = Atomic<Bool>(false)
    private var shuttingDown: Bool { shuttingDownFlag.load(ordering: .acquiring) }
    /// How long an idle thread waits for work before it parks.
    public let spinFor: Duration
    private var watchdogWaiting = false

    /// The pool swarms use unless given one: created on first use, lives as long as the process.
    public static let shared = ToolPool()

    /// Threads kept ready: enough for a handful of concurrent tools without waiting for the watchdog.
    public static var defaultThreadCount: Int { max(8, ProcessInfo.processInfo.activeProcessorCount * 4) }

    public init(
        threads: Int = ToolPool.defaultThreadCount,
        maxThreads: Int = 1_024,
        starvationDelay: Duration = .milliseconds(1),
        idleTimeout: Duration = .seconds(10),
        spinFor: Duration = .microseconds(50),
        name: String = "agora-tool"
    ) {
        self.spinFor = spinFor
        self.threadCount = max(1, threads)
        self.maxThreads = max(self.threadCount, maxThreads)
        self.starvationDelay = starvationDelay
        self.idleTimeout = idleTimeout
        self.name = name
        lock.withLock {
            for index in 0..<self.threadCount { startThread(name: "\(name)-\(index)", core: true) }
        }
        let watchdog = Thread { self.watchdogLoop() }
        watchdog.stackSize = 256 << 10
        watchdog.start()
    }

    /// Runs `work` on a pool thread and returns its result.
    ///
    /// - Parameter timeout: after this, the caller gets `ToolPoolError.timedOut`; the work is cancelled.
    public func run<Result: Sendable>(
        timeout: Duration? = nil,
        _ work: @escaping @Sendable (ToolCancellation) throws -> Result
    ) async throws -> Result {
        try await perform(timeout: timeout, timed: false, work).value
    }

    /// Like `run`, and also reports how long the call waited in the queue, ran, and took to resume the caller.
    public func runTimed<Result: Sendable>(
        timeout: Duration? = nil,
        _ work: @escaping @Sendable (ToolCancellation) throws -> Result
    ) async throws -> TimedResult<Result> {
        let (value, job) = try await perform(timeout: timeout, timed: true, work)
        let resumed = ContinuousClock.now
        let times = job.times
        return TimedResult(
            value: value,
            queueWait: times.started.flatMap { started in times.submitted.map { started - $0 } } ?? .zero,
            run: times.finished.flatMap { finished in times.started.map { finished - $0 } } ?? .zero,
            resume: times.finished.map { resumed - $0 } ?? .zero
        )
    }

    /// Hands `work` over and waits for it. Only a timed job reads the clock (five reads a call otherwise wasted).
    private func perform<Result: Sendable>(
        timeout: Duration?,
        timed: Bool,
        _ work: @escaping @Sendable (ToolCancellation) throws -> Result
    ) async throws -> (value: Result, job: Job<Result>) {
        let job = Job(work: work, timed: timed) { [self] in noteStuck() }
        if let timeout {
            // The watchdog thread enforces the deadline: a timer on the cooperative pool would be late exactly
            // when blocked threads starve it.
            let entry = Deadline(at: .now + timeout, limit: timeout, job: job)
            lock.withLock { deadlines.append(entry) }
            watchdogWake.withLock { watchdogWake.signal() }
        }
        let value = try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Result, any Error>) in
                job.attach(continuation)
                submit(job)
            }
        } onCancel: {
            job.abandon(with: CancellationError())
        }
        return (value, job)
    }

    private static let poolThreadKey = "agora.tool-pool-thread"

    /// True on a tool pool's thread: work handed to a pool never runs on the threads that schedule agents.
    public static var isOnPoolThread: Bool {
        Thread.current.threadDictionary[poolThreadKey] as? Bool ?? false
    }

    /// How often an idle watchdog looks anyway: bounds the wait of a job that came as the spinner took another.
    static let idleWatchdogRound = Duration.milliseconds(10)

    /// Counts for tests and telemetry.
    public var snapshot: Snapshot {
        lock.withLock {
            Snapshot(liveThreads: liveThreads, parkedThreads: parked, queued: queue.count - head, stuckThreads: stuckThreads,
                     completed: completed, threadsAdded: grown)
        }
    }

    public struct Snapshot: Sendable, Hashable {
        public var liveThreads: Int
        public var parkedThreads: Int
        public var queued: Int
        /// Threads still running work whose caller gave up (timed out or cancelled).
        public var stuckThreads: Int
        public var completed: Int
        /// Threads the watchdog added beyond `threadCount`, over the pool's life.
        public var threadsAdded: Int
    }

    public struct TimedResult<Value: Sendable>: Sendable {
        public var value: Value
        /// Submit → a pool thread starts the work.
        public var queueWait: Duration
        /// The work itself.
        public var run: Duration
        /// The work finished → the caller runs again.
        public var resume: Duration
    }

    /// Stops the threads once the queue is drained. Work submitted afterwards fails. The threads hold the pool,
    /// so a pool lives until it is shut down.
    public func shutdown() {
        lock.withLock {
            shuttingDownFlag.store(true, ordering: .releasing)
            lock.broadcast()
        }
        watchdogWake.withLock { watchdogWake.signal() }
    }

    // MARK: - Threads

    private func submit(_ job: any PoolJob) {
        lock.lock()
        if shuttingDown {
            lock.unlock()
            job.abandon(with: ToolPoolError.shutDown)
            return
        }
        queue.append(job)
        queuedCount.wrappingAdd(1, ordering: .releasing)
        // A spinning thread will see the job by itself: no wake-up, no system call. A job that arrives while the
        // spinner is about to take another wakes nobody (waking a thread, or the watchdog, for each such job doubles
        // the hand-off tail with 8 callers on 2 cores): the watchdog finds it on its next round, within
        // `idleWatchdogRound`, and gives it a sleeping thread, so a slow job never waits behind another for long.
        let wake = parked > 0 && spinning == 0
        let alertWatchdog = !wake && spinning == 0 && watchdogWaiting
        if alertWatchdog { watchdogWaiting = false }
        lock.unlock()
        if wake { lock.signal() }
        if alertWatchdog { watchdogWake.withLock { watchdogWake.signal() } }
    }

    /// Call with the lock held.
    private func startThread(name: String, core: Bool) {
        liveThreads += 1
        starting += 1
        // Named from inside: on Linux a thread named before it starts keeps its creator's kernel name.
        let thread = Thread {
            Thread.current.name = name
            Thread.current.threadDictionary[Self.poolThreadKey] = true
            self.workLoop(core: core)
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func workLoop(core: Bool) {
        lock.lock()
        starting -= 1
        while true {
            if head == queue.count && !shuttingDown && spinning == 0 && spinFor > .zero {
                // One thread at a time waits a moment for the next job before parking: a stream of short calls
                // then flows without a futex wake per call. It yields the core while it waits.
                spinning += 1
                lock.unlock()
                let until = ContinuousClock.now + spinFor
                while queuedCount.load(ordering: .acquiring) == 0, !shuttingDown, ContinuousClock.now < until {
                    sched_yield()
                }
                lock.lock()
                spinning -= 1
            }
            while head == queue.count && !shuttingDown {
                parked += 1
                let signalled = core ? { lock.wait(); return true }() : lock.wait(for: idleTimeout)
                parked -= 1
                if !signalled, head == queue.count, !shuttingDown {
                    // An added thread idle for `idleTimeout`: the burst that needed it is over.
                    liveThreads -= 1
                    lock.unlock()
                    return
                }
            }
            if head == queue.count {  // shutting down, queue drained
                liveThreads -= 1
                lock.unlock()
                return
            }
            let job = queue[head]
            head += 1
            queuedCount.wrappingSubtract(1, ordering: .relaxed)
            lastDequeue = .now
            if head > 4096, head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            lock.unlock()

            let wasStuck = job.execute()

            lock.lock()
            completed += 1
            if wasStuck { stuckThreads -= 1 }
        }
    }

    /// Watches for work that waits while every thread is busy, and adds threads for it. Sleeps on its own
    /// condition variable while there is nothing to watch, so an idle pool costs no wake-ups.
    private func watchdogLoop() {
        Thread.current.name = name + "-watchdog"
        while true {
            let now = ContinuousClock.now
            let (stop, starving, queued, room, overdue, nextDeadline) = lock.withLock {
                () -> (Bool, Bool, Int, Int, [Deadline], ContinuousClock.Instant?) in
                let queued = queue.count - head
                let waited = queued > starting && now - lastDequeue >= starvationDelay
                let starving = waited && parked == 0
                // Work waits while threads sleep: the job came as the spinner took another. Wake one.
                if waited && parked > 0 && spinning == 0 { lock.signal() }
                if queued == 0 || parked > 0 { watchdogWaiting = true }
                deadlines.removeAll { $0.job == nil }
                let overdue = deadlines.filter { $0.at <= now }
                deadlines.removeAll { $0.at <= now }
                return (shuttingDown, starving, queued - starting, maxThreads - liveThreads, overdue, deadlines.map(\.at).min())
            }
            if stop { return }
            for entry in overdue { entry.job?.abandon(with: ToolPoolError.timedOut(after: entry.limit)) }
            if starving, room > 0 {
                lock.withLock {
                    for _ in 0..<min(queued, room) {
                        grown += 1
                        startThread(name: "\(name)-extra", core: false)
                    }
                    lastDequeue = .now
                }
            }
            let idle = lock.withLock { watchdogWaiting }
            var sleep: Duration = idle ? Self.idleWatchdogRound : starvationDelay
            if let nextDeadline { sleep = min(sleep, max(.microseconds(50), nextDeadline - .now)) }
            watchdogWake.withLock {
                _ = watchdogWake.wait(for: sleep)
            }
        }
    }

    /// A caller stopped waiting on running work; its thread is stuck until the work returns. Called by the job
    /// under its own lock, so the count rises before the stuck thread can see its job was abandoned.
    private func noteStuck() {
        lock.withLock { stuckThreads += 1 }
    }
}

public enum ToolPoolError: Error, Sendable, Hashable, CustomStringConvertible {
    case timedOut(after: Duration)
    case shutDown

    public var description: String {
        switch self {
        case .timedOut(let limit): "the tool call timed out after \(limit)"
        case .shutDown: "the tool pool is shut down"
        }
    }
}

/// A call's deadline, held weakly: a finished call's entry is dropped.
struct Deadline {
    let at: ContinuousClock.Instant
    let limit: Duration
    weak var job: (any PoolJob)?
}

/// A unit of work in the pool's queue.
protocol PoolJob: AnyObject, Sendable {
    /// Runs the work unless the caller gave up first. Returns true if the caller gave up while it ran.
    func execute() -> Bool
    func abandon(with error: any Error)
}

/// One call: the work, its caller's continuation, and who gets to resume it.
///
/// Exactly one of "the work finished" and "the caller gave up" resumes the continuation: the state word
/// decides, under a lock, which came first.
final class Job<Result: Sendable>: PoolJob, @unchecked Sendable {
    struct Times {
        var submitted: ContinuousClock.Instant?
        var started: ContinuousClock.Instant?
        var finished: ContinuousClock.Instant?
    }

    enum Phase { case queued, running, done, abandonedQueued, abandonedRunning }

    private let work: @Sendable (ToolCancellation) throws -> Result
    private let onStuck: @Sendable () -> Void
    /// Whether to record the times (tracing, `runTimed`).
    private let timed: Bool
    let cancellation = ToolCancellation()
    private let state: Mutex<(phase: Phase, continuation: UnsafeContinuation<Result, any Error>?, times: Times)>

    init(work: @escaping @Sendable (ToolCancellation) throws -> Result, timed: Bool, onStuck: @escaping @Sendable () -> Void) {
        self.work = work
        self.onStuck = onStuck
        self.timed = timed
        self.state = Mutex((.queued, nil, Times(submitted: timed ? .now : nil)))
    }

    func attach(_ continuation: UnsafeContinuation<Result, any Error>) {
        // The job may have been abandoned (cancelled before it was submitted): resume at once then.
        let timed = self.timed
        let early: (any Error)? = state.withLock { state in
            if timed { state.times.submitted = .now }
            switch state.phase {
            case .queued, .running:
                state.continuation = continuation
                return nil
            case .done, .abandonedQueued, .abandonedRunning:
                return CancellationError()
            }
        }
        if let early { continuation.resume(throwing: early) }
    }

    var times: Times { state.withLock { $0.times } }

    func execute() -> Bool {
        let go = state.withLock { state -> Bool in
            guard state.phase == .queued else { return false }
            state.phase = .running
            if timed { state.times.started = .now }
            return true
        }
        guard go else { return false }
        let outcome = Swift.Result { try work(cancellation) }
        let (continuation, stuck) = state.withLock { state -> (UnsafeContinuation<Result, any Error>?, Bool) in
            if timed { state.times.finished = .now }
            if state.phase == .abandonedRunning { return (nil, true) }
            state.phase = .done
            defer { state.continuation = nil }
            return (state.continuation, false)
        }
        continuation?.resume(with: outcome)
        return stuck
    }

    func abandon(with error: any Error) {
        let continuation = state.withLock { state -> UnsafeContinuation<Result, any Error>? in
            switch state.phase {
            case .queued: state.phase = .abandonedQueued
            case .running:
                state.phase = .abandonedRunning
                onStuck()
            case .done, .abandonedQueued, .abandonedRunning: return nil
            }
            defer { state.continuation = nil }
            return state.continuation
        }
        cancellation.cancel()
        continuation?.resume(throwing: error)
    }
}

/// A pthread mutex with its condition variable: what parked threads need and `Mutex` lacks.
final class ConditionLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    /// Call with the lock held.
    func wait() { pthread_cond_wait(condition, mutex) }

    /// Call with the lock held. Returns false if `duration` passed without a signal.
    func wait(for duration: Duration) -> Bool {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let (seconds, attoseconds) = duration.components
        var nanoseconds = Int(now.tv_nsec) + Int(attoseconds / 1_000_000_000)
        var deadline = timespec(tv_sec: now.tv_sec + Int(seconds) + nanoseconds / 1_000_000_000, tv_nsec: 0)
        nanoseconds %= 1_000_000_000
        deadline.tv_nsec = nanoseconds
        return pthread_cond_timedwait(condition, mutex, &deadline) == 0
    }
    func signal() { pthread_cond_signal(condition) }
    func broadcast() { pthread_cond_broadcast(condition) }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}
