import AgoraCore

/// How an LLM-driven agent runs: its context budget, default turn limit, what it reports as it goes.
public struct AgentLoopOptions: Sendable {
    /// Tokens the working memory may send per request.
    public var contextBudget: Int
    /// Used when the definition has no `max_turns`.
    public var defaultMaxTurns: Int
    /// `maxOutputTokens` of every request (also what the runtime reserves from a budget per call).
    public var maxOutputTokens: Int?
    /// Called with every step, in order (`agora ask --verbose` prints them). Runs on the agent's task: keep it short.
    public var observer: (@Sendable (AgentLoopStep) -> Void)?
    /// Agent definitions by name, for `delegate`.
    public var agents: [String: AgentDefinition]

    public init(
        contextBudget: Int = 8_000, defaultMaxTurns: Int = 8, maxOutputTokens: Int? = nil,
        agents: [String: AgentDefinition] = [:], observer: (@Sendable (AgentLoopStep) -> Void)? = nil
    ) {
        self.contextBudget = contextBudget
        self.defaultMaxTurns = defaultMaxTurns
        self.maxOutputTokens = maxOutputTokens
        self.agents = agents
        self.observer = observer
    }
}

/// One thing an agent loop did, for a verbose display or a test.
public enum AgentLoopStep: Sendable, Hashable, CustomStringConvertible {
    case modelCall(agent: AgentPath, turn: Int)
    case modelAnswer(agent: AgentPath, text: String, toolCalls: [ToolCall], usage: TokenUsage)
    case toolResult(agent: AgentPath, result: ToolResult)
    case stopped(agent: AgentPath, stop: AgentLoopStop)

    public var description: String {
        switch self {
        case .modelCall(let agent, let turn): "[\(agent)] turn \(turn): asking the model"
        case .modelAnswer(let agent, let text, let calls, let usage):
            "[\(agent)] model (\(usage.inputTokens) in, \(usage.outputTokens) out): "
                + (text.isEmpty ? "" : Self.short(text))
                + calls.map { " → \($0.name)(\(Self.short($0.arguments)))" }.joined()
        case .toolResult(let agent, let result):
            "[\(agent)] \(result.call.name) \(result.isError ? "✗" : "✓") \(Self.short(result.text))"
        case .stopped(let agent, let stop): "[\(agent)] \(stop)"
        }
    }

    static func short(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 160 ? String(flat.prefix(157)) + "..." : flat
    }
}
