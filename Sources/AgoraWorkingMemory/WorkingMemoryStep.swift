import AgoraCore

/// One thing that happened in an agent's working memory. The prompt is derived from these steps.
public enum WorkingMemoryStep: Sendable, Hashable {
    /// What the agent is told: rendered as the system message, never compacted.
    case instructions(String)
    /// Input from the user or the parent agent.
    case input(String)
    /// What the model answered, with the tool calls it asked for.
    case modelTurn(text: String, toolCalls: [ToolCall])
    /// A tool call made outside a model turn (or added after it): joins the preceding assistant message.
    case toolCall(ToolCall)
    /// A tool's answer to the call `callID`.
    case toolResult(callID: String, name: String, output: String)
    /// A remark the runtime or the agent adds for the model to read.
    case note(String)
    /// Earlier steps, compacted: `replacedSteps` steps condensed into `text`.
    case summary(String, replacedSteps: Int)

    /// True for the steps that belong to the model turn before them (its tool calls and their results).
    var continuesTurn: Bool {
        switch self {
        case .toolCall, .toolResult: true
        default: false
        }
    }

    /// The step as plain text, for a summariser to read.
    var transcriptLine: String {
        switch self {
        case .instructions(let text): "Instructions: \(text)"
        case .input(let text): "Input: \(text)"
        case .modelTurn(let text, let calls):
            "Assistant: \(text)" + calls.map { " [calls \($0.name)(\($0.arguments))]" }.joined()
        case .toolCall(let call): "Assistant calls \(call.name)(\(call.arguments))"
        case .toolResult(_, let name, let output): "Tool \(name) returned: \(output)"
        case .note(let text): "Note: \(text)"
        case .summary(let text, _): "Summary of earlier steps: \(text)"
        }
    }
}

extension Array where Element == WorkingMemoryStep {
    /// The messages a back end gets: the instructions first as one system message, then the other steps in order.
    /// Tool calls join the assistant message before them; notes and summaries are user messages (several chat
    /// templates reject a system message anywhere but first).
    public func renderedMessages() -> [Message] {
        let instructions = compactMap { step -> String? in
            if case .instructions(let text) = step { return text }
            return nil
        }
        var messages: [Message] = instructions.isEmpty ? [] : [.system(instructions.joined(separator: "\n\n"))]
        for step in self {
            switch step {
            case .instructions: continue
            case .input(let text): messages.append(.user(text))
            case .modelTurn(let text, let calls): messages.append(.assistant(text, toolCalls: calls))
            case .toolCall(let call):
                if let last = messages.last, last.role == .assistant {
                    messages[messages.count - 1].toolCalls.append(call)
                } else {
                    messages.append(.assistant("", toolCalls: [call]))
                }
            case .toolResult(let callID, _, let output): messages.append(.tool(output, callID: callID))
            case .note(let text): messages.append(.user("[note] \(text)"))
            case .summary(let text, _): messages.append(.user("[summary of earlier steps] \(text)"))
            }
        }
        return messages
    }
}
