import AgoraCore

/// What an agent's body can do: ask a model, spawn children, and say what it is doing.
///
/// A context is a small value; copy it freely. It belongs to one agent: pass a child its own context, which
/// the runtime hands to the child's body.
public struct AgentContext: Sendable {
    /// Where the agent sits in the tree.
    public let path: AgentPath
    public let definition: AgentDefinition?
    let swarm: Swarm

    init(path: AgentPath, definition: AgentDefinition?, swarm: Swarm) {
        self.path = path
        self.definition = definition
        self.swarm = swarm
    }

    public var runID: String { swarm.runID }
    public var depth: Int { path.depth }

    /// Asks a model back end: the one named, else the agent definition's, else the swarm's default.
    /// Waits at the back end's gate while all its slots are busy.
    public func ask(_ request: ModelRequest, backend: String? = nil) async throws -> ModelResponse {
        let gate = try resolveGate(backend)
        let backendID = gate.backend.id
        let tracing = swarm.trace != nil
        let queuedAt = swarm.clock.now
        if tracing { swarm.emit(path, .modelCallQueued(backend: backendID)) }
        try await gate.acquire()
        let startedAt = swarm.clock.now
        if tracing { swarm.emit(path, .modelCallStarted(backend: backendID, waitSeconds: swarm.seconds(startedAt - queuedAt))) }
        defer { gate.release(busySince: startedAt) }
        swarm.modelCalls.wrappingAdd(1, ordering: .relaxed)
        do {
            try Task.checkCancellation()
            let response = try await gate.backend.complete(request)
            swarm.inputTokens.wrappingAdd(response.usage.inputTokens, ordering: .relaxed)
            swarm.outputTokens.wrappingAdd(response.usage.outputTokens, ordering: .relaxed)
            if tracing {
                swarm.emit(path, .modelCallFinished(backend: backendID, usage: response.usage, seconds: swarm.seconds(swarm.clock.now - startedAt), failed: false))
            }
            return response
        } catch {
            if tracing {
                swarm.emit(path, .modelCallFinished(backend: backendID, usage: .zero, seconds: swarm.seconds(swarm.clock.now - startedAt), failed: true))
            }
            throw error
        }
    }

    /// Runs one child agent to completion and returns its result. The child runs within this agent's task:
    /// cancelling this agent cancels the child.
    public func spawn<Result: Sendable>(
        _ name: String,
        definition: AgentDefinition? = nil,
        _ body: @Sendable (AgentContext) async throws -> Result
    ) async throws -> Result {
        try await swarm.execute(path: path.child(name), definition: definition, body)
    }

    /// Runs children in parallel, as child tasks, and returns their results in the order given.
    ///
    /// The first child to fail cancels its siblings and its error is thrown (fail fast).
    /// - Parameter maxConcurrent: how many children may run at once; the rest start as others finish.
    ///   Bounding it bounds the live agents of a wide tree.
    public func spawnAll<Result: Sendable>(_ children: [ChildAgent<Result>], maxConcurrent: Int? = nil) async throws -> [Result] {
        let count = children.count
        if count == 0 { return [] }
        let width = max(1, min(maxConcurrent ?? count, count))
        let swarm = self.swarm
        let path = self.path
        return try await withThrowingTaskGroup(of: (Int, Result).self, returning: [Result].self) { group in
            var results = [Result?](repeating: nil, count: count)
            var next = 0
            func start(_ index: Int) {
                let child = children[index]
                group.addTask {
                    (index, try await swarm.execute(path: path.child(child.name), definition: child.definition, child.body))
                }
            }
            while next < width {
                start(next)
                next += 1
            }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < count {
                    start(next)
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }

    /// Maps `inputs` to children named `name-1`, `name-2`, ... running `body` on each, in parallel.
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

    private func resolveGate(_ requested: String?) throws -> ModelGate {
        guard let id = requested ?? definition?.backend ?? swarm.defaultBackend else {
            throw SwarmError.noBackend(path: path)
        }
        guard let gate = swarm.gates[id] else {
            throw SwarmError.unknownBackend(id: id, path: path, known: swarm.gates.keys.sorted())
        }
        return gate
    }
}
