import AgoraCore
import AgoraTools

/// How an LLM-driven agent runs: its context budget, default turn limit, what it reports as it goes.
public struct AgentLoopOptions: Sendable {
    /// Tokens the working memory may send per request.
    public var contextBudget: Int
    /// Used when the definition has no `max_turns`.
    public var defaultMaxTurns: Int
    /// `maxOutputTokens` of every request (also what the runtime reserves from a budget per call).
    public var maxOutputTokens: Int?
    /// The sampling temperature of every request; nil leaves it to the server. 0 (greedy) makes a run repeatable.
    public var temperature: Double?
    /// Called with every step, in order (`agora ask --verbose` prints them). Runs on the agent's task: keep it short.
    public var observer: (@Sendable (AgentLoopStep) -> Void)?
    /// Agent definitions by name, for `delegate`.
    public var agents: [String: AgentDefinition]
    /// How agents ask for tool calls when their definition does not say (`tool_calls:`).
    public var toolCalls: ToolCallMode
    /// Remembers what `auto` decided per back end, shared by every agent of the run (and its delegates).
    public var modeResolver: ToolCallModeResolver
    /// Decides calls that need approval; nil: nobody can (a journaled run pauses, any other fails).
    public var approver: (any ToolApprover)?
    /// In json mode, whether a task that clearly names one tool (`ToolRouter`) has its first turn ask for a call
    /// of that tool. On by default: small models otherwise call the prompt's example or answer at once.
    public var routesTasks: Bool

    public init(
        contextBudget: Int = 8_000, defaultMaxTurns: Int = 8, maxOutputTokens: Int? = nil, temperature: Double? = nil,
        agents: [String: AgentDefinition] = [:], toolCalls: ToolCallMode = .native,
        modeResolver: ToolCallModeResolver = ToolCallModeResolver(), approver: (any ToolApprover)? = nil,
        routesTasks: Bool = true, observer: (@Sendable (AgentLoopStep) -> Void)? = nil
    ) {
        self.contextBudget = contextBudget
        self.defaultMaxTurns = defaultMaxTurns
        self.maxOutputTokens = maxOutputTokens
        self.temperature = temperature
        self.agents = agents
        self.toolCalls = toolCalls
        self.modeResolver = modeResolver
        self.approver = approver
        self.routesTasks = routesTasks
        self.observer = observer
    }
}

/// One thing an agent loop did, for a verbose display or a test.
public enum AgentLoopStep: Sendable, Hashable, CustomStringConvertible {
    case toolCallMode(agent: AgentPath, mode: ToolCallMode, reason: String)
    /// json mode's first turn asks for a call of this tool (see `ToolRouter`).
    case routed(agent: AgentPath, tool: String)
    case modelCall(agent: AgentPath, turn: Int)
    /// A model reply read back from the run journal instead of asked again.
    case replayed(agent: AgentPath, turn: Int)
    case approval(agent: AgentPath, request: ApprovalRequest, decision: ApprovalDecision)
    case modelAnswer(agent: AgentPath, text: String, toolCalls: [ToolCall], usage: TokenUsage)
    case toolResult(agent: AgentPath, result: ToolResult)
    case stopped(agent: AgentPath, stop: AgentLoopStop)

    public var description: String {
        switch self {
        case .toolCallMode(let agent, let mode, let reason): "[\(agent)] tool calls: \(mode.rawValue) (\(reason))"
        case .routed(let agent, let tool): "[\(agent)] the task names \(tool): the first turn asks for its call"
        case .modelCall(let agent, let turn): "[\(agent)] turn \(turn): asking the model"
        case .replayed(let agent, let turn): "[\(agent)] turn \(turn): replayed from the run journal"
        case .approval(let agent, let request, let decision): "[\(agent)] \(request.call.name) \(decision.rawValue) (call \(request.id))"
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
