import AgoraCore

extension PipelineDefinition {
    /// Every step that asks an agent on a summarise-only back end (an in-process one) without `words`, which
    /// would load and then fail when the run reaches it.
    ///
    /// - Parameters:
    ///   - library: the agents of the agents folder; the file's own `agents:` override them.
    ///   - defaultBackend: what serves an agent that names no back end.
    ///   - summarizeOnly: the ids of the back ends that only summarise (asked without `words`, they fail at run
    ///     time); the application knows them (the CLI's provider table).
    public func summarizeOnlyProblems(library: [String: AgentDefinition], defaultBackend: String, summarizeOnly: Set<String>) -> [DefinitionError] {
        let agents = library.merging(self.agents) { _, inline in inline }
        var problems: [DefinitionError] = []
        func check(_ agent: String, words: Int?, step: PipelineStep, field: String = "words") {
            guard words == nil, let definition = agents[agent] else { return }
            let backend = definition.backend ?? defaultBackend
            guard summarizeOnly.contains(backend) else { return }
            problems.append(DefinitionError(
                file: file, line: step.line, step: step.id, field: field,
                message: "agent '\(agent)' runs on \(backend), which only summarises: give the step `\(field)` (the summary's length in words)"))
        }
        func walk(_ steps: [PipelineStep]) {
            for step in steps {
                switch step.kind {
                case .agent(let call):
                    check(call.agent, words: call.words, step: step)
                case .map(let map):
                    check(map.call.agent, words: map.call.words, step: step)
                case .reduce(let reduce):
                    // The top level asks for `words`; the levels below and `each` fall back on it.
                    check(reduce.call.agent, words: reduce.call.words, step: step)
                case .market(let market):
                    for worker in market.workers { check(worker.agent, words: market.call.words, step: step) }
                case .sequence(let inner), .parallel(let inner):
                    walk(inner)
                case .loop(let loop):
                    walk(loop.body)
                case .call:
                    break
                }
            }
        }
        walk(steps)
        return problems
    }
}
