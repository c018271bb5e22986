/// What an agent asks of a model back end.
public struct ModelRequest: Sendable, Hashable {
    public var messages: [Message]
    public var tools: [ToolSpec]
    public var maxOutputTokens: Int?
    public var temperature: Double?
    /// Lowers the odds of tokens by how often they already appear (OpenAI's `frequency_penalty`, -2...2; llama.cpp,
    /// vLLM and Ollama take it too): what keeps a small model out of repetition loops.
    public var frequencyPenalty: Double?
    public var stop: [String]
    /// A shape the reply must take (a JSON Schema the server constrains decoding to); nil: free text.
    public var responseFormat: ResponseFormat?
    /// What a back end that cannot follow free-form instructions needs to serve this kind of request, under keys
    /// owned by the modules that read them; language models read the messages and may ignore the hints.
    public var hints: RequestHints

    public init(
        messages: [Message],
        tools: [ToolSpec] = [],
        maxOutputTokens: Int? = nil,
        temperature: Double? = nil,
        frequencyPenalty: Double? = nil,
        stop: [String] = [],
        responseFormat: ResponseFormat? = nil,
        hints: RequestHints = RequestHints()
    ) {
        self.messages = messages
        self.tools = tools
        self.maxOutputTokens = maxOutputTokens
        self.temperature = temperature
        self.frequencyPenalty = frequencyPenalty
        self.stop = stop
        self.responseFormat = responseFormat
        self.hints = hints
    }
}

/// Why a model stopped writing.
public enum FinishReason: String, Sendable, Hashable, Codable {
    case stop, length, toolCalls = "tool_calls", contentFilter = "content_filter", other
}

/// A back end's answer: text, tool calls, why it stopped, and what it cost.
public struct ModelResponse: Sendable, Hashable, Codable {
    public var text: String
    public var toolCalls: [ToolCall]
    public var finishReason: FinishReason
    public var usage: TokenUsage

    public init(text: String, toolCalls: [ToolCall] = [], finishReason: FinishReason = .stop, usage: TokenUsage = .zero) {
        self.text = text
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
    }
}
