/// What an agent (or a whole subtree) consumed. Adds up exactly: a parent's subtree usage is its own plus the
/// sum of its children's subtree usage.
public struct AgentUsage: Sendable, Hashable, Codable {
    public var tokens: TokenUsage
    public var modelCalls: Int
    public var toolCalls: Int
    /// Agents in the subtree (1 for a leaf).
    public var agents: Int
    /// Agent-seconds: the sum of every agent's own wall time.
    public var agentSeconds: Double
    public var credits: Double

    public init(tokens: TokenUsage = .zero, modelCalls: Int = 0, toolCalls: Int = 0, agents: Int = 0, agentSeconds: Double = 0, credits: Double = 0) {
        self.tokens = tokens
        self.modelCalls = modelCalls
        self.toolCalls = toolCalls
        self.agents = agents
        self.agentSeconds = agentSeconds
        self.credits = credits
    }

    public static let zero = AgentUsage()

    public static func + (lhs: AgentUsage, rhs: AgentUsage) -> AgentUsage {
        AgentUsage(
            tokens: lhs.tokens + rhs.tokens,
            modelCalls: lhs.modelCalls + rhs.modelCalls,
            toolCalls: lhs.toolCalls + rhs.toolCalls,
            agents: lhs.agents + rhs.agents,
            agentSeconds: lhs.agentSeconds + rhs.agentSeconds,
            credits: lhs.credits + rhs.credits
        )
    }

    public static func += (lhs: inout AgentUsage, rhs: AgentUsage) { lhs = lhs + rhs }
}

/// A limit on what an agent and its subtree may spend. `nil` fields are unlimited.
public struct Budget: Sendable, Hashable, Codable {
    public var credits: Double?
    public var tokens: Int?

    public init(credits: Double? = nil, tokens: Int? = nil) {
        self.credits = credits
        self.tokens = tokens
    }

    public static let unlimited = Budget()
}
