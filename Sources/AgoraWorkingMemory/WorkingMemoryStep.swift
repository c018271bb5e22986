import Foundation
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

/// How tool calls and their results appear in the messages a back end gets.
public enum ToolMessageStyle: Sendable, Hashable {
    /// The chat API's own fields: `tool_calls` on the assistant message, a `tool` message per result.
    case native
    /// Plain text for a template without tool support: the assistant's text already holds its call (json mode
    /// writes the call as its reply), and each result is a user message, `The result of word_count: words = 3 ...`.
    case inline
}

extension WorkingMemoryStep {
    /// A tool's result as the user message of an inline conversation. Measured on SmolLM2-135M answering four
    /// word counts after the call: "name returned: {json}" 0 of 4 right, "name returned: words: 3, ..." 1 of 4,
    /// "The result of name: words = 3; ....\nNow give your final answer to the question: use the result." 3 of 4.
    /// An error keeps the older wording, which invites the model to fix its call.
    static func inlineResult(name: String, output: String) -> String {
        if output.hasPrefix("error:") {
            return "\(name) returned: \(output)\nAnswer the question with this result, or call another tool."
        }
        return "The result of \(name): \(plain(output, separator: "; ", joiner: " = ")).\nNow give your final answer to the question: use the result."
    }

    /// A flat JSON object as `characters = 20; words = 3`: a small model reads a figure out of that more often than
    /// out of JSON. Anything else stays as it is.
    static func plain(_ output: String, separator: String = ", ", joiner: String = ": ") -> String {
        guard output.hasPrefix("{"), let data = output.data(using: .utf8),
            let fields = try? JSONDecoder().decode([String: JSONValue].self, from: data),
            fields.values.allSatisfy({ if case .object = $0 { false } else if case .array = $0 { false } else { true } })
        else { return output }
        return fields.keys.sorted().map { key in
            let value = fields[key]!
            return key + joiner + (value.stringValue ?? value.compactJSON)
        }.joined(separator: separator)
    }
}

extension Array where Element == WorkingMemoryStep {
    /// The messages a back end gets: the instructions first as one system message, then the other steps in order.
    /// Tool calls join the assistant message before them; notes and summaries are user messages (several chat
    /// templates reject a system message anywhere but first).
    public func renderedMessages(style: ToolMessageStyle = .native) -> [Message] {
        let instructions = compactMap { step -> String? in
            if case .instructions(let text) = step { return text }
            return nil
        }
        var messages: [Message] = instructions.isEmpty ? [] : [.system(instructions.joined(separator: "\n\n"))]
        for step in self {
            switch step {
            case .instructions: continue
            case .input(let text): messages.append(.user(text))
            case .modelTurn(let text, let calls): messages.append(.assistant(text, toolCalls: style == .native ? calls : []))
            case .toolCall(let call) where style == .inline:
                messages.append(.assistant(#"{"action": "\#(call.name)", "arguments": \#(call.arguments)}"#))
            case .toolCall(let call):
                if let last = messages.last, last.role == .assistant {
                    messages[messages.count - 1].toolCalls.append(call)
                } else {
                    messages.append(.assistant("", toolCalls: [call]))
                }
            case .toolResult(_, let name, let output) where style == .inline:
                messages.append(.user(WorkingMemoryStep.inlineResult(name: name, output: output)))
            case .toolResult(let callID, _, let output): messages.append(.tool(output, callID: callID))
            case .note(let text): messages.append(.user("[note] \(text)"))
            case .summary(let text, _): messages.append(.user("[summary of earlier steps] \(text)"))
            }
        }
        return messages
    }
}
