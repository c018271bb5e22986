/// Bounds that keep a runaway swarm (a model that spawns forever, say) from exhausting the machine.
/// Exceeding one fails the offending spawn with a `SwarmError` naming the limit and the agent's path.
public struct SwarmLimits: Sendable, Hashable {
    /// The deepest path allowed; the root is depth 0.
    public var maxDepth: Int
    /// Agents alive at once (started and not yet finished), the root included.
    public var maxLiveAgents: Int
    /// Agents started over the whole run, the root included.
    public var maxTotalAgents: Int
    /// Not a limit but a pace: while this many agents are alive, a fan-out starts its next child only when one
    /// of its own finishes (each fan-out always keeps one going, so the tree always progresses). A tree of a
    /// million agents thus runs in waves instead of all at once, and its memory stays bounded.
    public var liveAgentTarget: Int

    public init(maxDepth: Int = 32, maxLiveAgents: Int = 1_000_000, maxTotalAgents: Int = 100_000_000, liveAgentTarget: Int = 20_000) {
        self.maxDepth = maxDepth
        self.maxLiveAgents = maxLiveAgents
        self.maxTotalAgents = maxTotalAgents
        self.liveAgentTarget = liveAgentTarget
    }
}
