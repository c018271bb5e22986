/// The shape of a tree fold of fan-in k, apart from running it: how items are grouped and how many agents
/// that takes. Planners (a progress total, `chunk`, a digest's sections) use it to agree with the fold itself.
public enum TreeFold {
    /// Contiguous ranges of `size` items out of `count` (the last may be shorter).
    public static func chunks(_ count: Int, size: Int) -> [Range<Int>] {
        let size = max(1, size)
        return stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
    }

    /// How many child agents `AgentContext.treeFold` spawns for `count` items: one per run of `fanIn` at every
    /// level, until `fanIn` or fewer are left for the calling agent.
    public static func childAgents(folding count: Int, fanIn: Int) -> Int {
        let fanIn = max(2, fanIn)
        var items = count
        var agents = 0
        while items > fanIn {
            items = chunks(items, size: fanIn).count
            agents += items
        }
        return agents
    }
}
