@testable import AgoraRuntime
import Testing

/// The pool's state machine stepped by hand: explicit instants, no threads, no clock, no sleeping.
@Suite struct ToolPoolStateTests {
    final class Call {
        let name: String
        init(_ name: String) { self.name = name }
    }

    typealias Machine = ToolPoolState<Call, Int>

    static func machine(base: Int, max: Int = 8, spinFor: Duration = .zero) -> Machine {
        Machine(
            configuration: .init(baseThreads: base, maxThreads: max, starvationDelay: .milliseconds(1),
                                 idleTimeout: .milliseconds(100), spinFor: spinFor, idleWatchdogRound: .milliseconds(10)),
            now: at(0)
        )
    }

    /// The instant `milliseconds` after the test's origin.
    static func at(_ milliseconds: Double) -> PoolInstant {
        PoolInstant(nanoseconds: 1_000_000_000 + UInt64((milliseconds * 1_000_000).rounded()))
    }

    static func describe(_ action: Machine.WorkerAction) -> String {
        switch action {
        case .run(let call): "run \(call.name)"
        case .spin(let until): "spin until \(until)"
        case .park(nil): "park"
        case .park(let until?): "park until \(until)"
        case .awaitMailbox: "await mailbox"
        case .lookForWork: "look for work"
        case .exit: "exit"
        }
    }

    static func describe(_ delivery: Machine.Delivery) -> String {
        switch delivery {
        case .queued: "queued"
        case .nudgeSpinner: "nudge spinner"
        case .wake(let worker): "wake \(worker)"
        case .refused(let call): "refuse \(call.name)"
        }
    }

    @Test func callsQueueWhileEveryThreadIsBusyAndRunInSubmissionOrder() {
        var pool = Self.machine(base: 1)
        #expect(pool.start() == 1)
        #expect(Self.describe(pool.workerStarted(0, at: Self.at(0))) == "park")
        let a = Call("a"), b = Call("b"), c = Call("c")
        #expect(Self.describe(pool.submit(a, at: Self.at(1)).delivery) == "wake 0")
        // The thread is being woken: nobody else is.
        #expect(Self.describe(pool.submit(b, at: Self.at(1)).delivery) == "queued")
        #expect(Self.describe(pool.submit(c, at: Self.at(1)).delivery) == "queued")
        #expect(pool.snapshot.queued == 3)
        #expect(Self.describe(pool.workerWoke(0, at: Self.at(1.5))) == "run a")
        #expect(Self.describe(pool.finished(a, by: 0, callerHadLeft: false, at: Self.at(2))) == "run b")
        #expect(Self.describe(pool.finished(b, by: 0, callerHadLeft: false, at: Self.at(3))) == "run c")
        #expect(Self.describe(pool.finished(c, by: 0, callerHadLeft: false, at: Self.at(4))) == "park")
        #expect(pool.snapshot == ToolPool.Snapshot(liveThreads: 1, parkedThreads: 1, queued: 0, stuckThreads: 0,
                                                   completed: 3, threadsAdded: 0))
    }

    @Test func aThreadThatFinishesBeforeAWokenOneArrivesTakesTheCall() {
        var pool = Self.machine(base: 2)
        _ = pool.start()
        _ = pool.workerStarted(0, at: Self.at(0))
        _ = pool.workerStarted(1, at: Self.at(0))
        let a = Call("a"), b = Call("b")
        #expect(Self.describe(pool.submit(a, at: Self.at(1)).delivery) == "wake 1")
        #expect(Self.describe(pool.workerWoke(1, at: Self.at(1))) == "run a")
        #expect(Self.describe(pool.submit(b, at: Self.at(2)).delivery) == "wake 0")
        // `b` does not wait for thread 0's wake-up: thread 1 is free first.
        #expect(Self.describe(pool.finished(a, by: 1, callerHadLeft: false, at: Self.at(2.001))) == "run b")
        #expect(Self.describe(pool.workerWoke(0, at: Self.at(2.02))) == "park")
        #expect(pool.snapshot.parkedThreads == 1)
    }

    @Test func theSpinnerTakesTheNextCallAndAParkedThreadGetsOneThatCameMeanwhile() {
        var pool = Self.machine(base: 2, spinFor: .microseconds(50))
        #expect(pool.start() == 2)
        #expect(Self.describe(pool.workerStarted(0, at: Self.at(0))) == "spin until \(Self.at(0.05))")
        // One spinner at a time: the second thread parks.
        #expect(Self.describe(pool.workerStarted(1, at: Self.at(0))) == "park")
        let a = Call("a"), b = Call("b")
        #expect(Self.describe(pool.submit(a, at: Self.at(0.01)).delivery) == "nudge spinner")
        // The spinner is already nudged: the second call wakes nobody at once.
        #expect(Self.describe(pool.submit(b, at: Self.at(0.01)).delivery) == "queued")
        #expect(Self.describe(pool.spinEnded(by: 0, at: Self.at(0.02))) == "run a")
        // `a` blocks; before `starvationDelay` the watchdog leaves `b` alone, after it `b` gets the parked thread.
        #expect(pool.watchdogTick(at: Self.at(0.5)).handOffs.isEmpty)
        let late = pool.watchdogTick(at: Self.at(1.5))
        #expect(late.handOffs.map { "\($0.job.name) to \($0.worker)" } == ["b to 1"])
        #expect(late.startThreads == 0)
        // A thread that finishes with nothing queued spins for the next call.
        #expect(Self.describe(pool.finished(a, by: 0, callerHadLeft: false, at: Self.at(3))) == "spin until \(Self.at(3.05))")
        // A spin that ends without a nudge parks.
        #expect(Self.describe(pool.spinEnded(by: 0, at: Self.at(3.05))) == "park")
    }

    @Test func theWatchdogAddsThreadsWhenEveryThreadIsBlockedPastTheDelay() {
        var pool = Self.machine(base: 2, max: 4)
        #expect(pool.start() == 2)
        _ = pool.workerStarted(0, at: Self.at(0))
        _ = pool.workerStarted(1, at: Self.at(0))
        #expect(pool.watchdogTick(at: Self.at(0)).sleepUntil == Self.at(10))  // idle: the long round
        let calls = (0..<5).map { Call("c\($0)") }
        // The most recently parked thread is woken first.
        #expect(Self.describe(pool.submit(calls[0], at: Self.at(0)).delivery) == "wake 1")
        #expect(Self.describe(pool.submit(calls[1], at: Self.at(0)).delivery) == "wake 0")
        // Every thread is busy and the watchdog sleeps its long round: the first queued call alerts it.
        #expect(pool.submit(calls[2], at: Self.at(0)).wakeWatchdog)
        #expect(!pool.submit(calls[3], at: Self.at(0)).wakeWatchdog)
        _ = pool.submit(calls[4], at: Self.at(0))
        #expect(Self.describe(pool.workerWoke(1, at: Self.at(0.2))) == "run c0")
        #expect(Self.describe(pool.workerWoke(0, at: Self.at(0.2))) == "run c1")
        let early = pool.watchdogTick(at: Self.at(0.5))
        #expect(early.startThreads == 0)
        #expect(early.sleepUntil == Self.at(1.5))  // work waits: the short round
        // Three calls wait, but the pool may grow by two only.
        #expect(pool.watchdogTick(at: Self.at(1.5)).startThreads == 2)
        #expect(pool.snapshot.liveThreads == 4)
        #expect(pool.snapshot.threadsAdded == 2)
        // Threads started and not yet running count as help on the way: no more growth (and no room anyway).
        #expect(pool.watchdogTick(at: Self.at(3)).startThreads == 0)
        #expect(Self.describe(pool.workerStarted(2, at: Self.at(3))) == "run c2")
        #expect(Self.describe(pool.workerStarted(3, at: Self.at(3))) == "run c3")
        #expect(pool.snapshot.queued == 1)
    }

    @Test func aCallThatJustCameIsNotStarvingHoweverQuietThePoolWasBefore() {
        var pool = Self.machine(base: 1)
        _ = pool.start()
        _ = pool.workerStarted(0, at: Self.at(0))
        let a = Call("a"), b = Call("b")
        _ = pool.submit(a, at: Self.at(0))
        _ = pool.workerWoke(0, at: Self.at(0))
        // The only thread has been busy with `a` for a second when `b` comes.
        _ = pool.submit(b, at: Self.at(1_000))
        #expect(pool.watchdogTick(at: Self.at(1_000.5)).startThreads == 0)
        #expect(pool.watchdogTick(at: Self.at(1_001)).startThreads == 1)
    }

    @Test func addedThreadsLeaveAfterTheIdleTimeoutDownToTheBaseCount() {
        var pool = Self.machine(base: 1, max: 3)
        _ = pool.start()
        _ = pool.workerStarted(0, at: Self.at(0))
        let calls = (0..<3).map { Call("c\($0)") }
        for call in calls { _ = pool.submit(call, at: Self.at(0)) }
        #expect(Self.describe(pool.workerWoke(0, at: Self.at(0.1))) == "run c0")
        #expect(pool.watchdogTick(at: Self.at(2)).startThreads == 2)
        _ = pool.workerStarted(1, at: Self.at(2))
        _ = pool.workerStarted(2, at: Self.at(2))
        // Above the base count, an idle thread parks with the idle timeout.
        #expect(Self.describe(pool.finished(calls[1], by: 1, callerHadLeft: false, at: Self.at(10))) == "park until \(Self.at(110))")
        #expect(Self.describe(pool.finished(calls[2], by: 2, callerHadLeft: false, at: Self.at(20))) == "park until \(Self.at(120))")
        #expect(Self.describe(pool.finished(calls[0], by: 0, callerHadLeft: false, at: Self.at(30))) == "park until \(Self.at(130))")
        #expect(Self.describe(pool.parkExpired(1, at: Self.at(110))) == "exit")
        #expect(Self.describe(pool.parkExpired(2, at: Self.at(120))) == "exit")
        // Back at the base count, the last thread stays, parked until there is work.
        #expect(Self.describe(pool.parkExpired(0, at: Self.at(130))) == "park")
        #expect(pool.snapshot.liveThreads == 1)
        #expect(pool.snapshot.parkedThreads == 1)
    }

    @Test func aParkedThreadHandedWorkAsItsWaitEndsTakesItFromItsMailbox() {
        var pool = Self.machine(base: 1, max: 2)
        _ = pool.start()
        _ = pool.workerStarted(0, at: Self.at(0))
        let a = Call("a"), b = Call("b")
        _ = pool.submit(a, at: Self.at(0))
        _ = pool.submit(b, at: Self.at(0))
        #expect(Self.describe(pool.workerWoke(0, at: Self.at(0))) == "run a")
        #expect(pool.watchdogTick(at: Self.at(2)).startThreads == 1)
        #expect(Self.describe(pool.workerStarted(1, at: Self.at(2))) == "run b")
        #expect(Self.describe(pool.finished(b, by: 1, callerHadLeft: false, at: Self.at(3))) == "park until \(Self.at(103))")
        // A call reaches thread 1 just as its idle timeout passes: it must wait for that call, not leave.
        #expect(Self.describe(pool.submit(Call("c"), at: Self.at(103)).delivery) == "wake 1")
        #expect(Self.describe(pool.parkExpired(1, at: Self.at(103))) == "await mailbox")
        #expect(Self.describe(pool.workerWoke(1, at: Self.at(103))) == "run c")
        #expect(pool.snapshot.liveThreads == 2)
    }

    @Test func aDeadlineFailsItsCallAtItsInstantOnly() {
        var pool = Self.machine(base: 1)
        _ = pool.start()
        _ = pool.workerStarted(0, at: Self.at(0))
        let quick = Call("quick"), slow = Call("slow")
        let submitted = pool.submit(quick, deadline: (Self.at(50), .milliseconds(50)), at: Self.at(0))
        #expect(Self.describe(submitted.delivery) == "wake 0")
        #expect(submitted.wakeWatchdog)  // it must learn of the deadline
        #expect(Self.describe(pool.workerWoke(0, at: Self.at(0))) == "run quick")
        // An idle watchdog sleeps its long round, but no later than the next deadline.
        #expect(pool.watchdogTick(at: Self.at(0)).sleepUntil == Self.at(10))
        #expect(pool.watchdogTick(at: Self.at(45)).sleepUntil == Self.at(50))
        #expect(Self.describe(pool.finished(quick, by: 0, callerHadLeft: false, at: Self.at(46))) == "park")
        // Finished in time: its deadline is gone.
        #expect(pool.watchdogTick(at: Self.at(50)).timeouts.isEmpty)
        // A deadline after the watchdog's next round needs no alert.
        let later = pool.submit(slow, deadline: (Self.at(80), .milliseconds(30)), at: Self.at(50))
        #expect(Self.describe(later.delivery) == "wake 0")
        #expect(!later.wakeWatchdog)
        #expect(Self.describe(pool.workerWoke(0, at: Self.at(50))) == "run slow")
        #expect(pool.watchdogTick(at: Self.at(79.99)).timeouts.isEmpty)
        let due = pool.watchdogTick(at: Self.at(80))
        #expect(due.timeouts.map { $0.job.name } == ["slow"])
        #expect(due.timeouts.map { $0.limit } == [.milliseconds(30)])
        #expect(pool.watchdogTick(at: Self.at(200)).timeouts.isEmpty)  // failed once only
        // The caller left the running call: its thread counts as stuck until the work returns.
        pool.callerAbandonedRunningJob()
        #expect(pool.snapshot.stuckThreads == 1)
        _ = pool.finished(slow, by: 0, callerHadLeft: true, at: Self.at(300))
        #expect(pool.snapshot.stuckThreads == 0)
    }

    @Test func shutdownDrainsTheQueueStopsTheThreadsAndRefusesNewCalls() {
        var pool = Self.machine(base: 4, spinFor: .microseconds(50))
        _ = pool.start()
        _ = pool.workerStarted(0, at: Self.at(0))  // spins
        for worker in 1...3 { _ = pool.workerStarted(worker, at: Self.at(0)) }  // park
        let a = Call("a"), b = Call("b")
        #expect(Self.describe(pool.submit(a, at: Self.at(0.01)).delivery) == "nudge spinner")
        #expect(Self.describe(pool.submit(b, at: Self.at(0.01)).delivery) == "queued")
        let actions = pool.shutdown()
        #expect(actions.nudgeSpinner)
        // Parked threads take the queued calls; the one left over is told to exit.
        #expect(actions.wakes.map { "\($0.worker): \(Self.describe($0.action))" } == ["3: run a", "2: run b", "1: exit"])
        #expect(Self.describe(pool.submit(Call("late"), at: Self.at(1)).delivery) == "refuse late")
        #expect(Self.describe(pool.spinEnded(by: 0, at: Self.at(1))) == "exit")
        #expect(Self.describe(pool.finished(a, by: 3, callerHadLeft: false, at: Self.at(2))) == "exit")
        #expect(Self.describe(pool.finished(b, by: 2, callerHadLeft: false, at: Self.at(2))) == "exit")
        #expect(pool.snapshot.liveThreads == 0)
        #expect(pool.watchdogTick(at: Self.at(3)).sleepUntil == nil)
        #expect(pool.shutdown().wakes.isEmpty)
    }
}
