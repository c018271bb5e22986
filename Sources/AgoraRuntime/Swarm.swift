import AgoraCore
import Foundation
import Synchronization

/// Runs a tree of agents: the root, its children, theirs, and so on, as structured tasks.
///
/// Children are child tasks of their parent, so cancelling or failing a parent cancels its whole subtree.
/// Model calls go through one `ModelGate` per back end. The swarm keeps exact counts of agents started,
/// alive and finished, and enforces `SwarmLimits`.
///
/// ```swift
/// let swarm = Swarm(backends: [ExtractiveBackend()])
/// let leaves = try await swarm.run { root in
///     try await root.spawnAll((1...3).map { i in ChildAgent("child-\(i)") { _ in i } }).reduce(0, +)
/// }
/// ```
public final class Swarm: Sendable {
    public let runID: String
    public let limits: SwarmLimits
    let gates: [String: ModelGate]
    let defaultBackend: String?
    /// The default back end's gate, found once: most agents ask it.
    let defaultGate: ModelGate?
    let trace: (any TraceSink)?
    /// Where blocking tool calls run.
    public let toolPool: ToolPool
    /// Where journaled children's results are recorded; a run with the same id replays them.
    public let journal: (any RunJournal)?
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant

    let startedAgents = Atomic<Int>(0)
    let liveAgents = Atomic<Int>(0)
    let peakLive = Atomic<Int>(0)
    let modelCalls = Atomic<Int>(0)
    let inputTokens = Atomic<Int>(0)
    let outputTokens = Atomic<Int>(0)
    let toolCalls = Atomic<Int>(0)
    let failedAgents = Atomic<Int>(0)
    let cancelledAgents = Atomic<Int>(0)
    let restarts = Atomic<Int>(0)
    let replayedAgents = Atomic<Int>(0)
    /// Children a fan-out has started as tasks that have not begun running yet.
    let scheduledAgents = Atomic<Int>(0)
    private let rootUsage = Mutex(AgentUsage.zero)

    /// - Parameters:
    ///   - backends: the model back ends agents may ask, by their `id`.
    ///   - defaultBackend: the id used when an agent names none; by default the first back end.
    ///   - trace: where trace events go; nil records nothing and costs nothing.
    ///   - toolPool: the dedicated threads for blocking tools; by default one pool shared by the process.
    public init(
        runID: String = Swarm.newRunID(),
        backends: [any ModelBackend] = [],
        defaultBackend: String? = nil,
        limits: SwarmLimits = SwarmLimits(),
        trace: (any TraceSink)? = nil,
        toolPool: ToolPool? = nil,
        journal: (any RunJournal)? = nil
    ) {
        self.toolPool = toolPool ?? ToolPool.shared
        self.journal = journal
        self.runID = runID
        self.limits = limits
        var gates: [String: ModelGate] = [:]
        for backend in backends where gates[backend.id] == nil {
            gates[backend.id] = ModelGate(backend: backend)
        }
        self.gates = gates
        self.defaultBackend = defaultBackend ?? backends.first?.id
        self.defaultGate = self.defaultBackend.flatMap { gates[$0] }
        self.trace = trace
        self.started = clock.now
    }

    /// A short random id, unique enough to tell runs apart in traces and journals.
    public static func newRunID() -> String {
        String(UUID().uuidString.prefix(8)).lowercased()
    }

    /// Runs the root agent and returns its result.
    ///
    /// - Parameters:
    ///   - timeout: the whole run's time limit; every agent's deadline falls within it.
    ///   - budget: what the whole run may spend.
    public func run<Result: Sendable>(
        _ name: String = "root",
        definition: AgentDefinition? = nil,
        timeout: Duration? = nil,
        budget: Budget? = nil,
        _ body: @Sendable (AgentContext) async throws -> Result
    ) async throws -> Result {
        try await execute(
            path: AgentPath(root: name), parent: nil,
            settings: AgentSettings.make(definition: definition, timeout: timeout, budget: budget, restart: .never), body
        )
    }

    /// What the finished root's whole tree consumed (exact: the sum over every agent).
    public var usage: AgentUsage { rootUsage.withLock { $0 } }

    /// The model gate of a back end, for its telemetry.
    public func gate(for backendID: String) -> ModelGate? { gates[backendID] }

    /// Counts so far: cheap to read while the run goes on (a progress display polls it).
    public var stats: SwarmStats {
        let started = startedAgents.load(ordering: .relaxed)
        let live = liveAgents.load(ordering: .relaxed)
        return SwarmStats(
            startedAgents: started,
            liveAgents: live,
            peakLiveAgents: peakLive.load(ordering: .relaxed),
            // Every started agent is alive or finished: no third counter to keep in step on the hot path.
            finishedAgents: max(0, started - live),
            modelCalls: modelCalls.load(ordering: .relaxed),
            toolCalls: toolCalls.load(ordering: .relaxed),
            failedAgents: failedAgents.load(ordering: .relaxed),
            cancelledAgents: cancelledAgents.load(ordering: .relaxed),
            restarts: restarts.load(ordering: .relaxed),
            replayedAgents: replayedAgents.load(ordering: .relaxed),
            usage: TokenUsage(inputTokens: inputTokens.load(ordering: .relaxed), outputTokens: outputTokens.load(ordering: .relaxed))
        )
    }

    /// Seconds since the swarm was made.
    public var elapsed: Double { (clock.now - started).inSeconds }

    func emit(_ path: AgentPath, _ kind: TraceEvent.Kind) {
        guard let trace else { return }
        trace.record(TraceEvent(time: elapsed, runID: runID, path: path, kind: kind))
    }

    /// Starts one agent in the current task: checks the limits, sets its deadline and budget, runs the body
    /// (restarting it as its policy allows), and adds its usage to its parent's.
    ///
    /// Inlinable, with the work that does not depend on `Result` in `admit` and `finish`: callers in other
    /// modules specialise it for their result type, so an agent costs no generic metadata look-ups.
    @inlinable
    func execute<Result: Sendable>(
        path: AgentPath,
        parent: AgentNode?,
        settings: AgentSettings?,
        probe: UsageProbe? = nil,
        _ body: @Sendable (AgentContext) async throws -> Result
    ) async throws -> Result {
        let admission = try admit(path: path, parent: parent, settings: settings)
        var outcome = AgentOutcome.succeeded
        defer { finish(admission, outcome: outcome, probe: probe) }
        var failures = FailureWindow()
        while true {
            do {
                if let deadline = admission.ownDeadline, let timeout = settings?.timeout {
                    return try await Self.racing(body, admission.context, until: deadline, timeout: timeout, path: path)
                }
                return try await body(admission.context)
            } catch {
                switch failed(admission, with: error, failures: &failures) {
                case .restart: continue
                case .escalate(let escalated, let how):
                    outcome = how
                    throw escalated
                }
            }
        }
    }

    /// Checks the limits and makes the agent's node: its deadline, its budget account, its context.
    @usableFromInline
    func admit(path: AgentPath, parent: AgentNode?, settings: AgentSettings?) throws -> Admission {
        if path.depth > limits.maxDepth {
            throw AgentFailure(path: path, underlying: SwarmError.depthLimitExceeded(path: path, limit: limits.maxDepth))
        }
        // Only agents that pass every limit count as started; a refused one leaves the counts as they were.
        if startedAgents.wrappingAdd(1, ordering: .relaxed).newValue > limits.maxTotalAgents {
            startedAgents.wrappingSubtract(1, ordering: .relaxed)
            throw AgentFailure(path: path, underlying: SwarmError.totalAgentLimitExceeded(path: path, limit: limits.maxTotalAgents))
        }
        let live = liveAgents.wrappingAdd(1, ordering: .relaxed).newValue
        if live > limits.maxLiveAgents {
            liveAgents.wrappingSubtract(1, ordering: .relaxed)
            startedAgents.wrappingSubtract(1, ordering: .relaxed)
            throw AgentFailure(path: path, underlying: SwarmError.liveAgentLimitExceeded(path: path, limit: limits.maxLiveAgents))
        }
        var peak = peakLive.load(ordering: .relaxed)
        while live > peak {
            let (exchanged, original) = peakLive.compareExchange(expected: peak, desired: live, ordering: .relaxed)
            if exchanged { break }
            peak = original
        }

        let startedAt = clock.now
        var account = parent?.account
        if let budget = settings?.budget {
            if let parentAccount = parent?.account, !parentAccount.reserve(budget) {
                liveAgents.wrappingSubtract(1, ordering: .relaxed)
                startedAgents.wrappingSubtract(1, ordering: .relaxed)
                let error = SwarmError.budgetGrantTooLarge(path: path, requested: budget, available: parentAccount.snapshot)
                throw AgentFailure(path: path, underlying: error)
            }
            account = BudgetAccount(budget)
        }
        var deadline = parent?.deadline
        var ownDeadline: ContinuousClock.Instant?
        if let timeout = settings?.timeout {
            let mine = startedAt + timeout
            if deadline.map({ mine < $0 }) ?? true {
                deadline = mine
                ownDeadline = mine
            }
        }
        let node = AgentNode(path: path, parent: parent, settings: settings, deadline: deadline, account: account)
        if trace != nil { emit(path, .agentStarted(name: settings?.definition?.name ?? String(path.name))) }
        return Admission(context: AgentContext(node: node, swarm: self), startedAt: startedAt, ownDeadline: ownDeadline)
    }

    /// Decides what a failure of the agent's body leads to: a restart its policy allows, or its end.
    @usableFromInline
    func failed(_ admission: Admission, with error: any Error, failures: inout FailureWindow) -> FailureDecision {
        let path = admission.context.node.path
        if error is CancellationError || Task.isCancelled {
            return .escalate(Self.attributed(error, to: path), .cancelled)
        }
        let restart = admission.context.node.settings?.restart ?? .never
        let allowed = failures.record(at: clock.now, policy: restart)
        if restart.maxRestarts > 0, Self.isRestartable(error) {
            if allowed {
                restarts.wrappingAdd(1, ordering: .relaxed)
                emit(path, .note("restart \(failures.count) of \(restart.maxRestarts): \(error)"))
                return .restart
            }
            return .escalate(AgentFailure(path: path, underlying: SwarmError.restartsExhausted(
                path: path, restarts: restart.maxRestarts, last: "\(error)")), .failed)
        }
        return .escalate(Self.attributed(error, to: path), .failed)
    }

    /// Closes the agent's books: its usage goes to its parent (or the run), an unspent grant back to the
    /// parent's account, and the counts move.
    @usableFromInline
    func finish(_ admission: Admission, outcome: AgentOutcome, probe: UsageProbe?) {
        let node = admission.context.node
        let seconds = (clock.now - admission.startedAt).inSeconds
        let subtree = node.finish(seconds: seconds)
        probe?.usage = subtree
        if let parent = node.parent { parent.add(subtree) } else { rootUsage.withLock { $0 = subtree } }
        if let budget = node.settings?.budget, let parentAccount = node.parent?.account, let account = node.account {
            // Give back what the child did not spend of its grant.
            let left = account.snapshot
            parentAccount.refund(Budget(credits: budget.credits.map { _ in max(0, left.credits ?? 0) },
                                        tokens: budget.tokens.map { _ in max(0, left.tokens ?? 0) }))
        }
        switch outcome {
        case .succeeded: break
        case .failed: failedAgents.wrappingAdd(1, ordering: .relaxed)
        case .cancelled: cancelledAgents.wrappingAdd(1, ordering: .relaxed)
        }
        if trace != nil { emit(node.path, .agentFinished(outcome: outcome, seconds: seconds)) }
        liveAgents.wrappingSubtract(1, ordering: .relaxed)
    }

    /// A fan-out decided to start a child: counted from now, not from when its task first runs, so that many
    /// fan-outs deciding at once see the children already on their way and do not overshoot the target together.
    @usableFromInline
    func childScheduled() { scheduledAgents.wrappingAdd(1, ordering: .relaxed) }

    /// A scheduled child's task began.
    @usableFromInline
    func childStarting() { scheduledAgents.wrappingSubtract(1, ordering: .relaxed) }

    /// Whether fan-outs may start more children than the one each always keeps going.
    @usableFromInline
    var isBelowLiveAgentTarget: Bool {
        liveAgents.load(ordering: .relaxed) + scheduledAgents.load(ordering: .relaxed) < limits.liveAgentTarget
    }

    /// Runs a child as described, going through the run journal when the child is journaled and the swarm has
    /// one: a recorded result is replayed (its usage and counts included, so totals match the original run);
    /// a fresh result is recorded before the parent sees it.
    @inlinable
    func runChild<Result: Sendable>(_ child: ChildAgent<Result>, parent: AgentNode) async throws -> Result {
        let path = parent.path.child(child.name)
        guard let codec = child.journal, let journal else {
            return try await execute(path: path, parent: parent, settings: child.settings, child.body)
        }
        if let data = try await journal.lookup(runID: runID, path: path, key: codec.key),
            let (result, usage) = try? codec.decode(data)
        {
            replayed(usage, at: path, parent: parent)
            return result
        }
        let probe = UsageProbe()
        let result = try await execute(path: path, parent: parent, settings: child.settings, probe: probe, child.body)
        try await journal.record(runID: runID, path: path, key: codec.key, result: try codec.encode(result, probe.usage))
        return result
    }

    /// Counts a child replayed from the journal as if it had run.
    @usableFromInline
    func replayed(_ usage: AgentUsage, at path: AgentPath, parent: AgentNode) {
        parent.add(usage)
        startedAgents.wrappingAdd(usage.agents, ordering: .relaxed)
        replayedAgents.wrappingAdd(usage.agents, ordering: .relaxed)
        modelCalls.wrappingAdd(usage.modelCalls, ordering: .relaxed)
        toolCalls.wrappingAdd(usage.toolCalls, ordering: .relaxed)
        inputTokens.wrappingAdd(usage.tokens.inputTokens, ordering: .relaxed)
        outputTokens.wrappingAdd(usage.tokens.outputTokens, ordering: .relaxed)
        emit(path, .note("replayed from the run journal"))
    }

    /// Runs `body` against its deadline: whichever ends first cancels the other.
    @inlinable
    static func racing<Result: Sendable>(
        _ body: @Sendable (AgentContext) async throws -> Result,
        _ context: AgentContext,
        until deadline: ContinuousClock.Instant,
        timeout: Duration,
        path: AgentPath
    ) async throws -> Result {
        try await withoutActuallyEscaping(body) { body in
            try await withThrowingTaskGroup(of: RaceFinish<Result>.self) { group in
                group.addTask { .done(try await body(context)) }
                group.addTask {
                    try await Task.sleep(until: deadline, clock: .continuous)
                    return .expired
                }
                defer { group.cancelAll() }
                switch try await group.next() {
                case .done(let result)?: return result
                case .expired?, nil: throw SwarmError.timedOut(path: path, after: timeout)
                }
            }
        }
    }

    /// Restarting cannot fix a cancellation or a runtime limit.
    @usableFromInline
    static func isRestartable(_ error: any Error) -> Bool {
        if error is CancellationError { return false }
        if let failure = error as? AgentFailure { return isRestartable(failure.underlying) }
        if let error = error as? SwarmError {
            if case .timedOut = error { return true }
            return false
        }
        return true
    }

    /// Wraps an error with the path where it arose, once: an error already attributed deeper keeps its path.
    @usableFromInline
    static func attributed(_ error: any Error, to path: AgentPath) -> any Error {
        if error is AgentFailure || error is CancellationError { return error }
        return AgentFailure(path: path, underlying: error)
    }
}

/// Receives a finished agent's subtree usage (for its journal record).
@usableFromInline
final class UsageProbe: @unchecked Sendable {
    // Written once by the agent's own task as it finishes, read by the same task after: no sharing.
    @usableFromInline var usage = AgentUsage.zero

    @usableFromInline init() {}
}

/// An admitted agent: its context (and so its node) and when it started.
@usableFromInline
struct Admission: Sendable {
    @usableFromInline let context: AgentContext
    @usableFromInline let startedAt: ContinuousClock.Instant
    /// Its own deadline, when that is earlier than its parent's: the body then races it.
    @usableFromInline let ownDeadline: ContinuousClock.Instant?
}

/// The times of an agent's recent failures, for its restart window. Pure: the caller gives the instant, so the
/// window's rule is tested by stepping it, not by sleeping.
@usableFromInline
struct FailureWindow: Sendable {
    @usableFromInline var times: [ContinuousClock.Instant] = []

    @usableFromInline init() {}

    /// The failures still inside the window as of the last one recorded.
    var count: Int { times.count }

    /// Records a failure at `now`, forgets those more than `policy.window` before it, and says whether the policy
    /// still allows a restart: at most `maxRestarts` failures inside the window.
    mutating func record(at now: ContinuousClock.Instant, policy: RestartPolicy) -> Bool {
        times.append(now)
        times.removeAll { now - $0 > policy.window }
        return policy.maxRestarts > 0 && times.count <= policy.maxRestarts
    }
}

/// What a failure leads to.
@usableFromInline
enum FailureDecision {
    case restart
    case escalate(any Error, AgentOutcome)
}

/// Which came first: the agent's result or its deadline.
@usableFromInline
enum RaceFinish<Result: Sendable>: Sendable {
    case done(Result)
    case expired
}

/// Counts of a run.
public struct SwarmStats: Sendable, Hashable {
    public var startedAgents: Int
    public var liveAgents: Int
    public var peakLiveAgents: Int
    public var finishedAgents: Int
    public var modelCalls: Int
    public var toolCalls: Int
    /// Agents whose body failed (after any restarts) or was refused by a limit after starting.
    public var failedAgents: Int
    /// Agents stopped by cancellation: a cancelled run, a failed sibling, a parent's deadline.
    public var cancelledAgents: Int
    public var restarts: Int
    /// Agents whose results came from the run journal instead of running again (counted in the totals above).
    public var replayedAgents: Int
    public var usage: TokenUsage

    /// Agents that finished with a result.
    public var succeededAgents: Int { finishedAgents - failedAgents - cancelledAgents }
}
