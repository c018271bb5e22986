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
