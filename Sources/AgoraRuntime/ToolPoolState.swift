/// An instant of a monotonic clock, in nanoseconds from an arbitrary origin: the pool's deadlines do not move
/// when the wall clock is set.
struct PoolInstant: Comparable, Hashable, Sendable {
    var nanoseconds: UInt64

    static func < (lhs: PoolInstant, rhs: PoolInstant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    static func + (instant: PoolInstant, duration: Duration) -> PoolInstant {
        PoolInstant(nanoseconds: instant.nanoseconds &+ duration.wholeNanoseconds)
    }

    /// The time from `rhs` to `lhs`; zero if `rhs` is later.
    static func - (lhs: PoolInstant, rhs: PoolInstant) -> Duration {
        lhs > rhs ? .nanoseconds(Int64(lhs.nanoseconds - rhs.nanoseconds)) : .zero
    }
}

extension Duration {
    /// Negative durations count as zero: a pool never waits for less than nothing.
    var wholeNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        return UInt64(seconds) &* 1_000_000_000 &+ UInt64(attoseconds / 1_000_000_000)
    }
}

/// The tool pool's bookkeeping and every decision it makes, without threads, locks or clocks.
///
/// The shell (`ToolPool`) holds this struct under one lock, tells it what happened (a call was submitted, a
/// thread finished a job, the watchdog woke at instant T…) and performs the action it returns after releasing
/// the lock. Time is an argument, so tests step the machine through hours of deadlines and idle timeouts
/// without sleeping.
///
/// `Worker` names a thread (the shell passes the thread's mailbox); `Job` is a call.
struct ToolPoolState<Job: AnyObject, Worker: Equatable> {
    struct Configuration {
        /// Threads kept however idle the pool is.
        var baseThreads: Int
        var maxThreads: Int
        /// How long queued work waits with no thread taking anything before the watchdog adds threads.
        var starvationDelay: Duration
        /// How long a thread beyond `baseThreads` stays parked without work before it leaves.
        var idleTimeout: Duration
        /// How long an idle thread waits for work before it parks (zero: it parks at once).
        var spinFor: Duration
        /// How long an idle watchdog sleeps anyway: bounds the wait of a job that came as the spinner took another.
        var idleWatchdogRound: Duration
    }

    /// What a pool thread does next.
    enum WorkerAction {
        case run(Job)
        /// Wait for a nudge (or `until`) without parking, then report `spinEnded`.
        case spin(until: PoolInstant)
        /// Wait on the thread's mailbox for an action; report `parkExpired` if `until` passes first.
        case park(until: PoolInstant?)
        /// An action was posted to the thread's mailbox (or is about to be): wait for it, however long.
        case awaitMailbox
        /// Woken for a queued call: report `workerWoke` (a thread that finished meanwhile may have taken it).
        case lookForWork
        case exit
    }

    /// Where a submitted call went.
    enum Delivery {
        /// Into the queue: a busy or arriving thread takes it, or the watchdog finds it.
        case queued
        /// Into the queue, and the spinning thread must be told to look.
        case nudgeSpinner
        /// Into the queue, and this parked thread must be woken: post `.lookForWork` to its mailbox.
        case wake(Worker)
        /// The pool is shut down: fail the call.
        case refused(Job)
    }

    struct SubmitActions {
        var delivery: Delivery
        var wakeWatchdog: Bool
    }

    struct WatchdogActions {
        /// Start this many threads (already counted as live and arriving).
        var startThreads = 0
        /// Work that waited while a thread slept: post `.run(job)` to the worker.
        var handOffs: [(job: Job, worker: Worker)] = []
        /// Calls past their deadline: fail them with a timeout of `limit`.
        var timeouts: [(job: Job, limit: Duration)] = []
        /// Sleep until this instant or an alert; nil: the pool is shut down, the watchdog ends.
        var sleepUntil: PoolInstant?
    }

    struct ShutdownActions {
        var wakes: [(worker: Worker, action: WorkerAction)] = []
        var nudgeSpinner = false
    }

    private struct Deadline {
        var at: PoolInstant
        var limit: Duration
        var job: Job
    }

    let configuration: Configuration
    /// Calls waiting for a thread, with the instant each arrived.
    private var queue: [(job: Job, since: PoolInstant)] = []
    /// Index of the first queued job: dequeuing moves it instead of shifting the array.
    private var head = 0
    /// Most recently parked last: it is woken first, its stack and caches the warmest.
    private var parked: [Worker] = []
    private var spinning = false
    /// The spinner was nudged and has not yet taken the lock to dequeue.
    private var spinnerNudged = false
    /// Threads started or woken that have not asked for work yet: they take queued work soon.
    private var arriving = 0
    private var liveThreads = 0
    private var stuckThreads = 0
    private var completed = 0
    private var threadsAdded = 0
    private var lastDequeue: PoolInstant
    private var deadlines: [ObjectIdentifier: Deadline] = [:]
    /// The watchdog sleeps a long round (nothing waits, or a parked thread can take what does) and wants an
    /// alert when work queues with no thread to take it.
    private var watchdogIdle = false
    private var watchdogWakesAt: PoolInstant?
    private(set) var shuttingDown = false

    init(configuration: Configuration, now: PoolInstant) {
        self.configuration = configuration
        self.lastDequeue = now
    }

    private var queuedCount: Int { queue.count - head }

    var snapshot: ToolPool.Snapshot {
        ToolPool.Snapshot(liveThreads: liveThreads, parkedThreads: parked.count, queued: queuedCount,
                          stuckThreads: stuckThreads, completed: completed, threadsAdded: threadsAdded)
    }

    // MARK: - Events from the pool's owner

    /// The pool starts: returns how many threads to start.
    mutating func start() -> Int {
        liveThreads += configuration.baseThreads
        arriving += configuration.baseThreads
        return configuration.baseThreads
    }

    /// A caller hands `job` over; `deadline` is when it times out, with the limit to report.
    mutating func submit(_ job: Job, deadline: (at: PoolInstant, limit: Duration)? = nil, at now: PoolInstant) -> SubmitActions {
        if shuttingDown { return SubmitActions(delivery: .refused(job), wakeWatchdog: false) }
        var wakeWatchdog = false
        if let deadline {
            deadlines[ObjectIdentifier(job)] = Deadline(at: deadline.at, limit: deadline.limit, job: job)
            if watchdogWakesAt.map({ deadline.at < $0 }) ?? true {
                watchdogWakesAt = deadline.at
                wakeWatchdog = true
            }
        }
        if spinning {
            queue.append((job, now))
            // A nudged spinner takes one job; another job arriving meanwhile wakes nobody (waking a thread for
            // each such job doubles the hand-off tail with 8 callers on 2 cores): a busy thread or the watchdog's
            // next round takes it.
            if spinnerNudged { return SubmitActions(delivery: .queued, wakeWatchdog: wakeWatchdog) }
            spinnerNudged = true
            return SubmitActions(delivery: .nudgeSpinner, wakeWatchdog: wakeWatchdog)
        }
        queue.append((job, now))
        if let worker = parked.popLast() {
            // The call is queued, not given to the woken thread: a thread that finishes its call before the wake-up
            // lands takes it at once. Handing it to the woken thread made it wait out the wake-up, which doubled the
            // one-caller hand-off p99 (`agora bench tool-handoff`).
            arriving += 1
            return SubmitActions(delivery: .wake(worker), wakeWatchdog: wakeWatchdog)
        }
        if watchdogIdle {
            // Every thread is busy: the watchdog must watch this job on the short round, not the idle one.
            watchdogIdle = false
            wakeWatchdog = true
        }
        return SubmitActions(delivery: .queued, wakeWatchdog: wakeWatchdog)
    }

    /// The caller of a running job gave up (timed out or cancelled): its thread is stuck until the work returns.
    mutating func callerAbandonedRunningJob() {
        stuckThreads += 1
    }

    /// Stops taking calls; the threads drain the queue and exit.
    mutating func shutdown() -> ShutdownActions {
        guard !shuttingDown else { return ShutdownActions() }
        shuttingDown = true
        var actions = ShutdownActions(nudgeSpinner: spinning)
        while let worker = parked.popLast() {
            if let job = dequeue(at: lastDequeue) {
                actions.wakes.append((worker, .run(job)))
            } else {
                liveThreads -= 1
                actions.wakes.append((worker, .exit))
            }
        }
        return actions
    }

    // MARK: - Events from pool threads

    /// A new thread is ready for work.
    mutating func workerStarted(_ worker: Worker, at now: PoolInstant) -> WorkerAction {
        arriving -= 1
        return nextAction(for: worker, at: now)
    }

    /// A thread woken by `submit` (`.lookForWork`) is ready for work.
    mutating func workerWoke(_ worker: Worker, at now: PoolInstant) -> WorkerAction {
        arriving -= 1
        return nextAction(for: worker, at: now)
    }

    /// A thread ran `job`; `callerHadLeft` if its caller gave up while it ran.
    mutating func finished(_ job: Job, by worker: Worker, callerHadLeft: Bool, at now: PoolInstant) -> WorkerAction {
        completed += 1
        if callerHadLeft { stuckThreads -= 1 }
        if !deadlines.isEmpty { deadlines[ObjectIdentifier(job)] = nil }
        return nextAction(for: worker, at: now)
    }

    /// The spinning thread was nudged, or waited its `spinFor`.
    mutating func spinEnded(by worker: Worker, at now: PoolInstant) -> WorkerAction {
        spinning = false
        spinnerNudged = false
        if let job = dequeue(at: now) { return .run(job) }
        return park(worker, at: now)
    }

    /// A parked thread's `until` passed with nothing in its mailbox.
    mutating func parkExpired(_ worker: Worker, at now: PoolInstant) -> WorkerAction {
        guard let index = parked.firstIndex(of: worker) else {
            // Handed an action between its wait ending and this call: it is in the mailbox.
            return .awaitMailbox
        }
        parked.remove(at: index)
        if let job = dequeue(at: now) { return .run(job) }
        if shuttingDown || liveThreads > configuration.baseThreads {
            // A thread beyond the base count, idle for `idleTimeout`: the burst that needed it is over.
            liveThreads -= 1
            return .exit
        }
        return park(worker, at: now)
    }

    // MARK: - Events from the watchdog

    /// The watchdog woke (its sleep ended or it was alerted) at `now`.
    mutating func watchdogTick(at now: PoolInstant) -> WatchdogActions {
        var actions = WatchdogActions()
        if shuttingDown { return actions }
        let queued = queuedCount
        // Work has waited when the oldest call has, and no thread took anything meanwhile: a call that just came
        // does not count as starving because the pool was quiet before it.
        let waited = queued > arriving && now - max(lastDequeue, queue[head].since) >= configuration.starvationDelay
        watchdogIdle = queued == 0 || !parked.isEmpty
        if waited, !spinning, let worker = parked.popLast(), let job = dequeue(at: now) {
            // Work waits while a thread sleeps: the job came as the spinner took another.
            actions.handOffs.append((job, worker))
        } else if waited, parked.isEmpty {
            // Every thread is busy (blocked) and work waits: blocking tools cost threads, not CPU.
            let room = configuration.maxThreads - liveThreads
            let count = min(queued - arriving, room)
            if count > 0 {
                liveThreads += count
                arriving += count
                threadsAdded += count
                lastDequeue = now
                actions.startThreads = count
            }
        }
        var nextDeadline: PoolInstant?
        if !deadlines.isEmpty {
            for (key, entry) in deadlines {
                if entry.at <= now {
                    actions.timeouts.append((entry.job, entry.limit))
                    deadlines[key] = nil
                } else if nextDeadline.map({ entry.at < $0 }) ?? true {
                    nextDeadline = entry.at
                }
            }
        }
        var wake = now + (watchdogIdle ? configuration.idleWatchdogRound : configuration.starvationDelay)
        if let nextDeadline { wake = min(wake, max(now + .microseconds(50), nextDeadline)) }
        watchdogWakesAt = wake
        actions.sleepUntil = wake
        return actions
    }

    // MARK: - Decisions

    private mutating func nextAction(for worker: Worker, at now: PoolInstant) -> WorkerAction {
        if let job = dequeue(at: now) { return .run(job) }
        if shuttingDown {
            liveThreads -= 1
            return .exit
        }
        if !spinning, configuration.spinFor > .zero {
            // One thread at a time waits a moment for the next job before parking: a stream of short calls then
            // flows without a futex wake per call.
            spinning = true
            spinnerNudged = false
            return .spin(until: now + configuration.spinFor)
        }
        return park(worker, at: now)
    }

    private mutating func park(_ worker: Worker, at now: PoolInstant) -> WorkerAction {
        if shuttingDown {
            liveThreads -= 1
            return .exit
        }
        parked.append(worker)
        return .park(until: liveThreads > configuration.baseThreads ? now + configuration.idleTimeout : nil)
    }

    private mutating func dequeue(at now: PoolInstant) -> Job? {
        guard head < queue.count else { return nil }
        let job = queue[head].job
        head += 1
        lastDequeue = now
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 4096, head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return job
    }
}
