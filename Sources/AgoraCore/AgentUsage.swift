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
    public var credits: Credits
    /// Model answers an agent checked before using them (`AgentContext.recordAnswerReview`), those it asked
    /// again because the first was unusable, and those it replaced with a fallback back end's: summed up the tree
    /// and replayed from the run journal like the rest, so a resumed run reports what an uninterrupted one does.
    public var reviewedAnswers: Int
    public var retriedAnswers: Int
    public var fallbackAnswers: Int

    public init(tokens: TokenUsage = .zero, modelCalls: Int = 0, toolCalls: Int = 0, agents: Int = 0, agentSeconds: Double = 0, credits: Credits = .zero,
                reviewedAnswers: Int = 0, retriedAnswers: Int = 0, fallbackAnswers: Int = 0) {
        self.tokens = tokens
        self.modelCalls = modelCalls
        self.toolCalls = toolCalls
        self.agents = agents
        self.agentSeconds = agentSeconds
        self.credits = credits
        self.reviewedAnswers = reviewedAnswers
        self.retriedAnswers = retriedAnswers
        self.fallbackAnswers = fallbackAnswers
    }

    enum CodingKeys: String, CodingKey {
        case tokens, modelCalls, toolCalls, agents, agentSeconds, credits, reviewedAnswers, retriedAnswers, fallbackAnswers
    }

    /// Journal records written before the answer counts existed read as zero counts.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            tokens: try container.decode(TokenUsage.self, forKey: .tokens), modelCalls: try container.decode(Int.self, forKey: .modelCalls),
            toolCalls: try container.decode(Int.self, forKey: .toolCalls), agents: try container.decode(Int.self, forKey: .agents),
            agentSeconds: try container.decode(Double.self, forKey: .agentSeconds), credits: Credits(try container.decode(Double.self, forKey: .credits)),
            reviewedAnswers: try container.decodeIfPresent(Int.self, forKey: .reviewedAnswers) ?? 0,
            retriedAnswers: try container.decodeIfPresent(Int.self, forKey: .retriedAnswers) ?? 0,
            fallbackAnswers: try container.decodeIfPresent(Int.self, forKey: .fallbackAnswers) ?? 0)
    }

    /// Credits as a plain number of credits, as journals written before `Credits` hold them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tokens, forKey: .tokens)
        try container.encode(modelCalls, forKey: .modelCalls)
        try container.encode(toolCalls, forKey: .toolCalls)
        try container.encode(agents, forKey: .agents)
        try container.encode(agentSeconds, forKey: .agentSeconds)
        try container.encode(credits.value, forKey: .credits)
        try container.encode(reviewedAnswers, forKey: .reviewedAnswers)
        try container.encode(retriedAnswers, forKey: .retriedAnswers)
        try container.encode(fallbackAnswers, forKey: .fallbackAnswers)
    }

    public static let zero = AgentUsage()

    public static func + (lhs: AgentUsage, rhs: AgentUsage) -> AgentUsage {
        AgentUsage(
            tokens: lhs.tokens + rhs.tokens,
            modelCalls: lhs.modelCalls + rhs.modelCalls,
            toolCalls: lhs.toolCalls + rhs.toolCalls,
            agents: lhs.agents + rhs.agents,
            agentSeconds: lhs.agentSeconds + rhs.agentSeconds,
            credits: lhs.credits + rhs.credits,
            reviewedAnswers: lhs.reviewedAnswers + rhs.reviewedAnswers,
            retriedAnswers: lhs.retriedAnswers + rhs.retriedAnswers,
            fallbackAnswers: lhs.fallbackAnswers + rhs.fallbackAnswers
        )
    }

    public static func += (lhs: inout AgentUsage, rhs: AgentUsage) { lhs = lhs + rhs }
}

/// A limit on what an agent and its subtree may spend. `nil` fields are unlimited.
public struct Budget: Sendable, Hashable, Codable {
    public var credits: Credits?
    public var tokens: Int?

    public init(credits: Credits? = nil, tokens: Int? = nil) {
        self.credits = credits
        self.tokens = tokens
    }

    public static let unlimited = Budget()
}
