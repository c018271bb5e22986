import AgoraCore

extension AgentContext {
    /// Runs `attempt` on `input`; when the back end answers that the input is over its context, halves it and
    /// runs `attempt` on each half in a child agent (`split-1`, `split-2`, recursively), and combines their
    /// results in order. An input that cannot be halved fails with `indivisible`'s error (by default the back
    /// end's).
    ///
    /// This is how the summarisation swarm and pipeline steps cope with a model whose context is smaller than
    /// their text, whatever the text is: segments, lists of sentences, a string.
    ///
    /// - Parameters:
    ///   - definition: the split agents' definition (that of the agent being split); they spend from this
    ///     agent's budget, not from grants of their own.
    ///   - note: the trace note written when a split happens.
    public func splittingOnContextOverflow<Input: Sendable, Output: Sendable>(
        _ input: Input,
        definition: AgentDefinition?,
        note: String,
        halves: @escaping @Sendable (Input) -> (Input, Input)?,
        combine: @escaping @Sendable ([Output]) -> Output,
        indivisible: @escaping @Sendable (any Error) -> any Error = { $0 },
        _ attempt: @escaping @Sendable (AgentContext, Input) async throws -> Output
    ) async throws -> Output {
        do {
            return try await attempt(self, input)
        } catch where isContextLengthExceeded(error) {
            guard let (first, second) = halves(input) else { throw indivisible(error) }
            self.note(note)
            let parts = try await spawnAll([first, second].enumerated().map { offset, half in
                var split = ChildAgent("split-\(offset + 1)", definition: definition) { child in
                    try await child.splittingOnContextOverflow(half, definition: definition, note: note, halves: halves,
                                                               combine: combine, indivisible: indivisible, attempt)
                }
                split.budget = nil
                return split
            })
            return combine(parts)
        }
    }
}
