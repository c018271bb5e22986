import AgoraCore

extension AgentContext {
    /// Folds `items` with a tree of agents of fan-in k: while more than k items are left, each run of k
    /// consecutive items goes to a child agent (`level1-1`, `level1-2`, …, then `level2-1`, … above them), whose
    /// results are the next level; this agent folds the last k or fewer itself, with `isTop` set.
    ///
    /// ```swift
    /// let summary = try await context.treeFold(texts, fanIn: 4, definition: reducer) { child, run, isTop in
    ///     try await child.answer(reducer, text: run.joined(separator: "\n\n"), words: isTop ? 150 : 80)
    /// }
    /// ```
    /// - Parameters:
    ///   - name: the children's name before the level number; their paths are what traces and run journals key on.
    ///   - configure: applied to each child, with the run it folds, before it is spawned: where a caller makes
    ///     the children resumable with `journaled(key:)`, since only it knows what their results depend on.
    public func treeFold<Item: Sendable>(
        _ items: [Item],
        fanIn: Int,
        name: String = "level",
        definition: AgentDefinition? = nil,
        configure: @escaping @Sendable (ChildAgent<Item>, _ run: [Item]) -> ChildAgent<Item> = { child, _ in child },
        fold: @escaping @Sendable (AgentContext, _ run: [Item], _ isTop: Bool) async throws -> Item
    ) async throws -> Item {
        let fanIn = max(2, fanIn)
        var items = items
        var level = 1
        while items.count > fanIn {
            let children = TreeFold.chunks(items.count, size: fanIn).enumerated().map { offset, range in
                let run = Array(items[range])
                return configure(ChildAgent("\(name)\(level)-\(offset + 1)", definition: definition) { child in
                    try await fold(child, run, false)
                }, run)
            }
            items = try await spawnAll(children)
            level += 1
        }
        return try await fold(self, items, true)
    }
}
