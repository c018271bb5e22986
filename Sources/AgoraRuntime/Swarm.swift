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
    let trace: (any TraceSink)?
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant

    let startedAgents = Atomic<Int>(0)
    let liveAgents = Atomic<Int>(0)
    let peakLive = Atomic<Int>(0)
    let finishedAgents = Atomic<Int>(0)
    let modelCalls = Atomic<Int>(0)
    let inputTokens = Atomic<Int>(0)
    let outputTokens = Atomic<Int>(0)

    /// - Parameters:
    ///   - backends: the model back ends agents may ask, by their `id`.
    ///   - defaultBackend: the id used when an agent names none; by default the first back end.
    ///   - trace: where trace events go; nil records nothing and costs nothing.
    public init(
        runID: String = Swarm.newRunID(),
        backends: [any ModelBackend] = [],
        defaultBackend: String? = nil,
        limits: SwarmLimits = SwarmLimits(),
        trace: (any TraceSink)? = nil
    ) {
        self.runID = runID
        self.limits = limits
        var gates: [String: ModelGate] = [:]
        for backend in backends where gates[backend.id] == nil {
            gates[backend.id] = ModelGate(backend: backend)
        }
        self.gates = gates
        self.defaultBackend = defaultBackend ?? backends.first?.id
        self.trace = trace
        self.started = clock.now
    }

    /// A short random id, unique enough to tell runs apart in traces and journals.
    public static func newRunID() -> String {
        String(UUID().uuidString.prefix(8)).lowercased()
    }

    /// Runs the root agent and returns its result.
    public func run<Result: Sendable>(
        _ name: String = "root",
        definition: AgentDefinition? = nil,
        _ body: @Sendable (AgentContext) async throws -> Result
    ) async throws -> Result {
        try await execute(path: AgentPath(root: name), definition: definition, body)
    }

    /// The model gate of a back end, for its telemetry.
    public func gate(for backendID: String) -> ModelGate? { gates[backendID] }

    /// Counts so far: cheap to read while the run goes on (a progress display polls it).
    public var stats: SwarmStats {
        SwarmStats(
            startedAgents: startedAgents.load(ordering: .relaxed),
            liveAgents: liveAgents.load(ordering: .relaxed),
            peakLiveAgents: peakLive.load(ordering: .relaxed),
            finishedAgents: finishedAgents.load(ordering: .relaxed),
            modelCalls: modelCalls.load(ordering: .relaxed),
            usage: TokenUsage(inputTokens: inputTokens.load(ordering: .relaxed), outputTokens: outputTokens.load(ordering: .relaxed))
        )
    }

    /// Seconds since the swarm was made.
    public var elapsed: Double { seconds(clock.now - started) }

    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    func emit(_ path: AgentPath, _ kind: TraceEvent.Kind) {
        guard let trace else { return }
        trace.record(TraceEvent(time: elapsed, runID: runID, path: path, kind: kind))
    }

    /// Starts one agent in the current task: checks the limits, runs the body, keeps the counts.
    func execute<Result: Sendable>(
        path: AgentPath,
        definition: AgentDefinition?,
        _ body: @Sendable (AgentContext) async throws -> Result
    ) async throws -> Result {
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
        defer {
            liveAgents.wrappingSubtract(1, ordering: .relaxed)
            finishedAgents.wrappingAdd(1, ordering: .relaxed)
        }
        var peak = peakLive.load(ordering: .relaxed)
        while live > peak {
            let (exchanged, original) = peakLive.compareExchange(expected: peak, desired: live, ordering: .relaxed)
            if exchanged { break }
            peak = original
        }

        let context = AgentContext(path: path, definition: definition, swarm: self)
        guard trace != nil else {
            do {
                return try await body(context)
            } catch {
                throw Self.attributed(error, to: path)
            }
        }
        let startedAt = clock.now
        emit(path, .agentStarted(name: definition?.name ?? String(path.name)))
        do {
            let result = try await body(context)
            emit(path, .agentFinished(outcome: .succeeded, seconds: seconds(clock.now - startedAt)))
            return result
        } catch {
            let outcome: AgentOutcome = error is CancellationError || Task.isCancelled ? .cancelled : .failed
            emit(path, .agentFinished(outcome: outcome, seconds: seconds(clock.now - startedAt)))
            throw Self.attributed(error, to: path)
        }
    }

    /// Wraps an error with the path where it arose, once: an error already attributed deeper keeps its path.
    static func attributed(_ error: any Error, to path: AgentPath) -> any Error {
        if error is AgentFailure || error is CancellationError { return error }
        return AgentFailure(path: path, underlying: error)
    }
}

/// Counts of a run.
public struct SwarmStats: Sendable, Hashable {
    public var startedAgents: Int
    public var liveAgents: Int
    public var peakLiveAgents: Int
    public var finishedAgents: Int
    public var modelCalls: Int
    public var usage: TokenUsage
}
