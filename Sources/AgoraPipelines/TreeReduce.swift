import AgoraCore
import AgoraRuntime

/// Folds a list with a tree of agents of fan-in k: while more than k items are left, each run of k consecutive
/// items goes to a child agent (`level1-1`, `level1-2`, …, then `level2-…`), whose results are the next level;
/// the calling agent folds the last k or fewer itself. Used by pipeline files and Swift pipelines alike.
public enum TreeReduce {
    public static func run<Item: Sendable>(
        _ items: [Item],
        fanIn: Int,
        in context: AgentContext,
        definition: AgentDefinition? = nil,
        level: Int = 1,
        fold: @escaping @Sendable (AgentContext, [Item], _ isTop: Bool) async throws -> Item
    ) async throws -> Item {
        let fanIn = max(2, fanIn)
        if items.count <= fanIn { return try await fold(context, items, true) }
        let runs = chunks(items.count, size: fanIn).map { Array(items[$0]) }
        let folded = try await context.map(runs, name: "level\(level)", definition: definition) { child, run in
            try await fold(child, run, false)
        }
        return try await Self.run(folded, fanIn: fanIn, in: context, definition: definition, level: level + 1, fold: fold)
    }

    /// Contiguous ranges of `size` (the last may be shorter).
    public static func chunks(_ count: Int, size: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: max(1, size)).map { $0..<min($0 + max(1, size), count) }
    }
}
