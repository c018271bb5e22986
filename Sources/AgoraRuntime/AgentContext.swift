import AgoraCore

/// What an agent's body can do: ask a model, run tools, spawn children, and say what it is doing.
///
/// A context is a small value; copy it freely. It belongs to one agent: the runtime hands each child its own.
public struct AgentContext: Sendable {
    @usableFromInline let node: AgentNode
    @usableFromInline let swarm: Swarm

    init(node: AgentNode, swarm: Swarm) {
        self.node = node
        self.swarm = swarm
    }

    /// Where the agent sits in the tree.
    public var path: AgentPath { node.path }
    public var definition: AgentDefinition? { node.settings?.definition }
    public var runID: String { swarm.runID }
    /// The swarm's run journal, if it has one: an agent that takes many steps (an LLM loop) records them there, so
    /// that a resumed run replays what finished instead of doing it again.
    public var runJournal: (any RunJournal)? { swarm.journal }
    public var depth: Int { node.path.depth }
    /// When the agent must be done (its own timeout or an ancestor's), if any.
    public var deadline: ContinuousClock.Instant? { node.deadline }
    /// What is left of the budget this agent spends from; nil when unlimited.
    public var remainingBudget: Budget? { node.account?.snapshot }
    /// What this agent and its finished children consumed so far.
    public var usage: AgentUsage { node.subtreeUsage }

    // MARK: - Models

    /// Asks a model back end: the one named, else the agent definition's, else the swarm's default.
    /// Waits at the back end's gate while all its slots are busy.
    ///
    /// With a budget, the call first reserves its worst case (estimated input plus `maxOutputTokens`, or 1,024
    /// output tokens if unset) and throws `SwarmError.budgetExhausted` if that is not left: an agent stops
    /// before it overspends, and can return what it has as a partial result.
    public func ask(_ request: ModelRequest, backend: String? = nil) async throws -> ModelResponse {
        let gate = try resolveGate(backend)
        let backendID = gate.backend.id
        let price = gate.backend.price
        var reserved: Budget?
        if let account = node.account {
            let estimate = TokenUsage(inputTokens: Self.estimatedInputTokens(request), outputTokens: request.maxOutputTokens ?? 1_024)
            let worstCase = Budget(credits: price.cost(of: estimate), tokens: estimate.totalTokens)
            guard account.reserve(worstCase) else {
                throw SwarmError.budgetExhausted(path: path, remaining: account.snapshot, needed: worstCase)
            }
            reserved = worstCase
        }
        var actual = Budget(credits: 0, tokens: 0)
        defer { if let reserved { node.account?.settle(reserved: reserved, actual: actual) } }

        let tracing = swarm.trace != nil
        let queuedAt = swarm.clock.now
        if tracing { swarm.emit(path, .modelCallQueued(backend: backendID)) }
        return try await gate.withSlot {
            let startedAt = swarm.clock.now
            if tracing { swarm.emit(path, .modelCallStarted(backend: backendID, waitSeconds: (startedAt - queuedAt).inSeconds)) }
            swarm.modelCalls.wrappingAdd(1, ordering: .relaxed)
            do {
                try Task.checkCancellation()
                let response = try await gate.backend.complete(request)
                let credits = price.cost(of: response.usage)
                actual = Budget(credits: credits, tokens: response.usage.totalTokens)
                node.add(AgentUsage(tokens: response.usage, modelCalls: 1, credits: credits))
                swarm.inputTokens.wrappingAdd(response.usage.inputTokens, ordering: .relaxed)
                swarm.outputTokens.wrappingAdd(response.usage.outputTokens, ordering: .relaxed)
                if tracing {
                    swarm.emit(path, .modelCallFinished(backend: backendID, usage: response.usage, seconds: (swarm.clock.now - startedAt).inSeconds, failed: false))
                }
                return response
            } catch {
                node.add(AgentUsage(modelCalls: 1))
                if tracing {
                    swarm.emit(path, .modelCallFinished(backend: backendID, usage: .zero, seconds: (swarm.clock.now - startedAt).inSeconds, failed: true))
                }
                throw error
            }
        }
    }

    /// A generous guess (three characters a token) so that reservations err on the safe side.
    static func estimatedInputTokens(_ request: ModelRequest) -> Int {
        request.messages.reduce(0) { $0 + $1.content.utf8.count / 3 + 4 }
    }

    // MARK: - Tools

    /// Runs blocking work (a tool's body) on the swarm's tool pool, never on the threads that schedule agents.
    /// The agent suspends until it is done, it times out, or the agent is cancelled.
    public func runTool<Result: Sendable>(
        _ name: String,
        timeout: Duration? = nil,
        _ work: @escaping @Sendable (ToolCancellation) throws -> Result
    ) async throws -> Result {
        swarm.toolCalls.wrappingAdd(1, ordering: .relaxed)
        node.add(AgentUsage(toolCalls: 1))
        let limit = effectiveTimeout(timeout)
        guard swarm.trace != nil else {
            return try await swarm.toolPool.run(timeout: limit, work)
        }
        swarm.emit(path, .toolCallQueued(tool: name))
        do {
            let timed = try await swarm.toolPool.runTimed(timeout: limit, work)
            swarm.emit(path, .toolCallStarted(tool: name, waitSeconds: timed.queueWait.inSeconds))
            swarm.emit(path, .toolCallFinished(tool: name, runSeconds: timed.run.inSeconds, resumeSeconds: timed.resume.inSeconds, outcome: "ok"))
            return timed.value
        } catch {
            let outcome = error is CancellationError ? "cancelled" : (error is ToolPoolError ? "timed_out" : "failed")
            swarm.emit(path, .toolCallFinished(tool: name, runSeconds: 0, resumeSeconds: 0, outcome: outcome))
            throw error
        }
    }

    /// Calls a tool: a blocking one on the tool pool, an asynchronous one in place.
    public func call(_ tool: any Tool, arguments: JSONValue, timeout: Duration? = nil) async throws -> ToolOutput {
        if let blocking = tool as? any BlockingTool {
            return try await runTool(tool.spec.name, timeout: timeout) { cancellation in
                try blocking.callBlocking(arguments: arguments, cancellation: cancellation)
            }
        }
        swarm.toolCalls.wrappingAdd(1, ordering: .relaxed)
        node.add(AgentUsage(toolCalls: 1))
        return try await tool.call(arguments: arguments)
    }

    /// The tighter of the call's own timeout and the time left before the agent's deadline.
    private func effectiveTimeout(_ timeout: Duration?) -> Duration? {
        guard let deadline = node.deadline else { return timeout }
        let left = max(.zero, deadline - swarm.clock.now)
        return timeout.map { min($0, left) } ?? left
    }

    // MARK: - Children

    /// Runs one child agent to completion and returns its result. The child runs within this agent's task:
    /// cancelling this agent cancels the child.
    public func spawn<Result: Sendable>(
        _ name: String,
        definition: AgentDefinition? = nil,
        timeout: Duration? = nil,
        budget: Budget? = nil,
        restart: RestartPolicy = .never,
        _ body: @Sendable (AgentContext) async throws -> Result
    ) async throws -> Result {
        try await swarm.execute(
            path: path.child(name), parent: node,
            settings: AgentSettings.make(definition: definition, timeout: timeout, budget: budget, restart: restart), body
        )
    }

    /// Runs a child as `spawn` does, from its description.
    @inlinable
    public func spawn<Result: Sendable>(_ child: ChildAgent<Result>) async throws -> Result {
        try await swarm.runChild(child, parent: node)
    }

    /// Runs children in parallel, as child tasks, and returns their results in the order given.
    ///
    /// Fail fast: the first child to fail cancels its siblings and its error is thrown. Use `spawnAllSettled`
    /// to collect what the others produce instead.
    /// - Parameter maxConcurrent: how many children may run at once; the rest start as others finish.
    ///   Children also wait (one at a time is always allowed) while the swarm has `limits.liveAgentTarget`
    ///   agents alive, which keeps a huge tree's memory bounded.
    @inlinable
    public func spawnAll<Result: Sendable>(_ children: [ChildAgent<Result>], maxConcurrent: Int? = nil) async throws -> [Result] {
        let outcomes = try await fanOut(children, maxConcurrent: maxConcurrent, failFast: true)
        return outcomes.map { $0.value! }
    }

    /// Runs children in parallel and returns how each ended, in the order given: a failing child does not
    /// stop its siblings. Cancellation of this agent still stops them all.
    @inlinable
    public func spawnAllSettled<Result: Sendable>(_ children: [ChildAgent<Result>], maxConcurrent: Int? = nil) async throws -> [ChildOutcome<Result>] {
        try await fanOut(children, maxConcurrent: maxConcurrent, failFast: false)
    }

    /// Inlinable so that callers specialise it for their result type (see `Swarm.execute`).
    @inlinable
    func fanOut<Result: Sendable>(_ children: [ChildAgent<Result>], maxConcurrent: Int?, failFast: Bool) async throws -> [ChildOutcome<Result>] {
        let count = children.count
        if count == 0 { return [] }
        let width = max(1, min(maxConcurrent ?? count, count))
        let swarm = self.swarm
        let node = self.node
        return try await withThrowingTaskGroup(of: (Int, ChildOutcome<Result>).self, returning: [ChildOutcome<Result>].self) { group in
            var results = [ChildOutcome<Result>?](repeating: nil, count: count)
            var next = 0
            var running = 0
            func start(_ index: Int) {
                let child = children[index]
                running += 1
                swarm.childScheduled()
                group.addTask {
                    swarm.childStarting()
                    do {
                        let value = try await swarm.runChild(child, parent: node)
                        return (index, .succeeded(value))
                    } catch let failure as AgentFailure where !failFast {
                        return (index, .failed(failure))
                    }
                }
            }
            while next < count || running > 0 {
                // Start what the width and the swarm's live-agent target allow; always keep one child going.
                while next < count, running < width,
                    running == 0 || swarm.isBelowLiveAgentTarget
                {
                    start(next)
                    next += 1
                }
                guard let (index, outcome) = try await group.next() else { break }
                running -= 1
                results[index] = outcome
            }
            try Task.checkCancellation()
            return results.map { $0! }
        }
    }

    /// Maps `inputs` to children named `name-1`, `name-2`, ... running `body` on each, in parallel.
    @inlinable
    public func map<Input: Sendable, Result: Sendable>(
        _ inputs: [Input],
        name: String,
        definition: AgentDefinition? = nil,
        maxConcurrent: Int? = nil,
        _ body: @escaping @Sendable (AgentContext, Input) async throws -> Result
    ) async throws -> [Result] {
        let children = inputs.enumerated().map { offset, input in
            ChildAgent("\(name)-\(offset + 1)", definition: definition) { context in try await body(context, input) }
        }
        return try await spawnAll(children, maxConcurrent: maxConcurrent)
    }

    /// Records a note in the trace.
    public func note(_ message: String) {
        swarm.emit(path, .note(message))
    }

    /// Counts one model answer the agent checked before using it: whether it had to ask again, and whether it
    /// took a fallback back end's answer in the end. The counts add up the tree in the agent's usage and are
    /// replayed from the run journal with it.
    public func recordAnswerReview(retried: Bool, fellBack: Bool) {
        node.add(AgentUsage(reviewedAnswers: 1, retriedAnswers: retried ? 1 : 0, fallbackAnswers: fellBack ? 1 : 0))
    }

    /// The back end `ask(_:backend:)` would call, without calling it: a buyer reads a worker's price and id from it.
    public func backend(_ requested: String? = nil) throws -> any ModelBackend {
        try resolveGate(requested).backend
    }

    private func resolveGate(_ requested: String?) throws -> ModelGate {
        if requested == nil, definition?.backend == nil, let gate = swarm.defaultGate { return gate }
        guard let id = requested ?? definition?.backend ?? swarm.defaultBackend else {
            throw SwarmError.noBackend(path: path)
        }
        guard let gate = swarm.gates[id] else {
            throw SwarmError.unknownBackend(id: id, path: path, known: swarm.gates.keys.sorted())
        }
        return gate
    }
}
