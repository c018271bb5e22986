/// Bounds that keep a runaway swarm (a model that spawns forever, say) from exhausting the machine.
/// Exceeding one fails the offending spawn with a `SwarmError` naming the limit and the agent's path.
public struct SwarmLimits: Sendable, Hashable {
    /// The deepest path allowed; the root is depth 0.
    public var maxDepth: Int
    /// Agents alive at once (started and not yet finished), the root included.
    public var maxLiveAgents: Int
    /// Agents started over the whole run, the root included.
    public var maxTotalAgents: Int

    public init(maxDepth: Int = 32, maxLiveAgents: Int = 1_000_000, maxTotalAgents: Int = 100_000_000) {
        self.maxDepth = maxDepth
        self.maxLiveAgents = maxLiveAgents
        self.maxTotalAgents = maxTotalAgents
    }
}
