import AgoraCore

/// Builds complete tool calls from streamed deltas: the first delta of a call carries its index, id and name,
/// later ones carry pieces of the argument text under the same index.
public struct ToolCallAssembler: Sendable {
    private struct Partial: Sendable {
        var id: String?
        var name = ""
        var arguments = ""
    }

    private var partials: [Int: Partial] = [:]

    public init() {}

    public mutating func add(index: Int, id: String?, name: String?, arguments: String?) {
        var partial = partials[index] ?? Partial()
        if let id, !id.isEmpty { partial.id = id }
        if let name { partial.name += name }
        if let arguments { partial.arguments += arguments }
        partials[index] = partial
    }

    /// The calls in index order; a call whose id never came gets `call_<index>`.
    public var calls: [ToolCall] {
        partials.keys.sorted().map { index in
            let partial = partials[index]!
            return ToolCall(id: partial.id ?? "call_\(index)", name: partial.name, arguments: partial.arguments)
        }
    }
}

/// Folds the chunks of a streamed answer into one `ModelResponse`.
public struct StreamAccumulator: Sendable {
    public private(set) var text = ""
    public private(set) var finishReason: String?
    public private(set) var usage: TokenUsage?
    private var toolCalls = ToolCallAssembler()

    public init() {}

    /// Adds a chunk; returns the text it added, if any.
    @discardableResult
    public mutating func add(_ chunk: OpenAIWire.StreamChunk) -> String? {
        if let usage = chunk.usage {
            self.usage = TokenUsage(inputTokens: usage.prompt_tokens ?? 0, outputTokens: usage.completion_tokens ?? 0)
        }
        var added: String?
        for choice in chunk.choices ?? [] where (choice.index ?? 0) == 0 {
            if let content = choice.delta?.content, !content.isEmpty {
                text += content
                added = (added ?? "") + content
            }
            for (position, delta) in (choice.delta?.tool_calls ?? []).enumerated() {
                toolCalls.add(
                    index: delta.index ?? position, id: delta.id, name: delta.function?.name,
                    arguments: delta.function?.arguments
                )
            }
            if let reason = choice.finish_reason { finishReason = reason }
        }
        return added
    }

    public var response: ModelResponse {
        let calls = toolCalls.calls
        return ModelResponse(
            text: text, toolCalls: calls,
            finishReason: OpenAIWire.finishReason(finishReason, hasToolCalls: !calls.isEmpty),
            usage: usage ?? .zero
        )
    }
}
