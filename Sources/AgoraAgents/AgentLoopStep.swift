import AgoraCore
import AgoraTools
import Foundation

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
