/// An agent as data: what it is told, which back end serves it, what it may use, and its limits.
/// An agent file's front matter maps one to one onto these fields.
public struct AgentDefinition: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    /// The instructions: the system prompt of a language-model agent.
    public var instructions: String
    /// The user message of an agent that is handed a text to work on, with `{text}` where the text goes (and any
    /// other placeholders the module running the agent fills, `{words}` say): the data first, clearly delimited,
    /// the task after it, so that a small model works on the text instead of continuing it. Nil: the text alone is
    /// the user message.
    public var prompt: String?
    /// A back end id such as `local:extractive`, `openai:llama3` or `test`; nil means the swarm's default.
    public var backend: String?
    /// Names of the tools the agent may call.
    public var tools: [String]
    /// Tools whose every call a person must approve first (an agent file's `needs_approval:`), beside those that
    /// need approval wherever they are used.
    public var needsApproval: [String]
    /// How the agent's loop asks for tool calls (`tool_calls:`); nil: the run's default.
    public var toolCalls: ToolCallMode?
    public var maxTurns: Int?
    /// Credits the agent may spend, its children included.
    public var budget: Credits?
    /// Long-term memory namespace.
    public var memory: String?
    /// How long the agent may run, its children included (`timeout:` in seconds in an agent file).
    public var timeout: Duration?

    public init(
        name: String,
        description: String = "",
        instructions: String = "",
        prompt: String? = nil,
        backend: String? = nil,
        tools: [String] = [],
        needsApproval: [String] = [],
        toolCalls: ToolCallMode? = nil,
        maxTurns: Int? = nil,
        budget: Credits? = nil,
        memory: String? = nil,
        timeout: Duration? = nil
    ) {
        self.name = name
        self.description = description
        self.instructions = instructions
        self.prompt = prompt
        self.backend = backend
        self.tools = tools
        self.needsApproval = needsApproval
        self.toolCalls = toolCalls
        self.maxTurns = maxTurns
        self.budget = budget
        self.memory = memory
        self.timeout = timeout
    }
}
