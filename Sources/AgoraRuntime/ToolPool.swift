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
/// Idle threads park on a condition variable of their own (spinning lowers the median hand-off but ruins the
/// tail on a small machine); a submitter wakes the one thread it chose. One idle thread waits
/// `spinFor` without parking, so a busy pool takes job after job with no system call at all.
///
/// A call that times out or is cancelled returns to its agent at once with `ToolPoolError.timedOut` or
/// `CancellationError`. Its thread cannot be interrupted: the work is told through `ToolCancellation` and runs
/// until it returns, its result discarded. Meanwhile the watchdog lends the pool other threads as needed, and
/// the thread rejoins the pool when the work returns. Deadlines are kept on the monotonic clock.
///
/// Every decision is made by `ToolPoolState`, a synchronous state machine; this class holds it under one lock
/// and runs the threads that carry its actions out.
public final class ToolPool: RunnableService {
    public let threadCount: Int
    public let maxThreads: Int
    public let starvationDelay: Duration
    public let idleTimeout: Duration
    /// How long an idle thread waits for work before it parks.
    public let spinFor: Duration
    private let name: String
    private let state: LockedState<PoolMachine>
    private let watchdogMailbox = Mailbox<Void>()
    private let stopped = StopSignal()
    /// Tells the spinning thread, which holds no lock, that there is work (or a shutdown) to look at.
    private let spinnerNudged = Atomic<Bool>(false)

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
        var machine = PoolMachine(
            configuration: .init(baseThreads: threadCount, maxThreads: self.maxThreads, starvationDelay: starvationDelay,
                                 idleTimeout: idleTimeout, spinFor: spinFor, idleWatchdogRound: Self.idleWatchdogRound),
            now: .now
        )
        let threads = machine.start()
        state = LockedState(machine)
        for index in 0..<threads { startThread(name: "\(name)-\(index)") }
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
        let job = Job(work: work, timed: timed) { [state] in state.withLock { $0.callerAbandonedRunningJob() } }
        let value = try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Result, any Error>) in
                job.attach(continuation)
                submit(job, timeout: timeout)
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
    public var snapshot: Snapshot { state.withLock { $0.snapshot } }

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
        let actions = state.withLock { $0.shutdown() }
        if actions.nudgeSpinner { spinnerNudged.store(true, ordering: .releasing) }
        for (thread, action) in actions.wakes { thread.mailbox.post(action) }
        watchdogMailbox.post(())
        stopped.fire()
    }

    /// The pool as a service: returns once it is shut down, and cancelling the calling task shuts it down.
    /// (The threads start with the pool, so that `ToolPool.shared` serves without anyone running it.)
    public func run() async throws {
        await stopped.run { self.shutdown() }
    }

    // MARK: - Threads (they carry out the machine's actions, outside the lock)

    private func submit(_ job: PoolJob, timeout: Duration?) {
        let now = PoolInstant.now
        let actions = state.withLock { $0.submit(job, deadline: timeout.map { (now + $0, $0) }, at: now) }
        switch actions.delivery {
        case .queued: break
        case .nudgeSpinner: spinnerNudged.store(true, ordering: .releasing)
        case .wake(let thread): thread.mailbox.post(.lookForWork)
        case .refused(let job): job.abandon(with: ToolPoolError.shutDown)
        }
        // The watchdog enforces deadlines: a timer on the cooperative pool would be late exactly when blocked
        // threads starve it.
        if actions.wakeWatchdog { watchdogMailbox.post(()) }
    }

    private func startThread(name: String) {
        let poolThread = PoolThread()
        // Named from inside: on Linux a thread named before it starts keeps its creator's kernel name.
        let thread = Thread {
            Thread.current.name = name
            Thread.current.threadDictionary[Self.poolThreadKey] = true
            self.workLoop(poolThread)
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func workLoop(_ thread: PoolThread) {
        var action = ask { $0.workerStarted(thread, at: .now) }
        while true {
            switch action {
            case .run(let job):
                let callerHadLeft = job.execute()
                action = ask { $0.finished(job, by: thread, callerHadLeft: callerHadLeft, at: .now) }
            case .spin(let until):
                // It yields the core while it waits.
                while !spinnerNudged.load(ordering: .acquiring), PoolInstant.now < until { sched_yield() }
                action = ask { $0.spinEnded(by: thread, at: .now) }
            case .park(until: nil):
                action = thread.mailbox.take()
            case .park(until: let until?):
                if let posted = thread.mailbox.take(until: until) {
                    action = posted
                } else {
                    action = ask { $0.parkExpired(thread, at: .now) }
                }
            case .awaitMailbox:
                // The machine has handed this thread an action, so one is posted soon if not already.
                action = thread.mailbox.take()
            case .lookForWork:
                action = ask { $0.workerWoke(thread, at: .now) }
            case .exit:
                return
            }
        }
    }

    /// Asks the machine for a thread's next action. A thread told to spin must see only nudges that come after.
    private func ask(_ event: (inout PoolMachine) -> PoolMachine.WorkerAction) -> PoolMachine.WorkerAction {
        state.withLock { machine in
            let action = event(&machine)
            if case .spin = action { spinnerNudged.store(false, ordering: .relaxed) }
            return action
        }
    }

    /// Watches for work that waits while every thread is busy, adds threads for it, and fails calls past their
    /// deadline. Sleeps on its own mailbox between rounds; a submitter alerts it when work queues unwatched.
    private func watchdogLoop() {
        Thread.current.name = name + "-watchdog"
        while true {
            let now = PoolInstant.now
            let actions = state.withLock { $0.watchdogTick(at: now) }
            for (job, limit) in actions.timeouts { job.abandon(with: ToolPoolError.timedOut(after: limit)) }
            for (job, thread) in actions.handOffs { thread.mailbox.post(.run(job)) }
            for _ in 0..<actions.startThreads { startThread(name: "\(name)-extra") }
            guard let until = actions.sleepUntil else { return }
            _ = watchdogMailbox.take(until: until)
        }
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
