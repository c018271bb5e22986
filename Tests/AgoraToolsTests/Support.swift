import AgoraCore
import AgoraRuntime
import AgoraTestSupport
import AgoraTools
import Foundation

// Test targets share no sources: `answer`, `calls` and `temporaryFolder` are also in AgoraAgentsTests' Support.swift.

/// A model answer asking for tool calls, or giving text.
func answer(_ text: String, usage: TokenUsage = .zero) -> ModelResponse {
    ModelResponse(text: text, usage: usage)
}

func calls(_ calls: (String, String)..., text: String = "", usage: TokenUsage = .zero) -> ModelResponse {
    let toolCalls = calls.enumerated().map { index, call in ToolCall(id: "call-\(index + 1)-\(call.0)", name: call.0, arguments: call.1) }
    return ModelResponse(text: text, toolCalls: toolCalls, finishReason: .toolCalls, usage: usage)
}

/// A fresh temporary folder's path (AgoraTestSupport's, as a path for the tools' string APIs).
func temporaryFolder() -> String {
    try! FileManager.default.temporaryFolder().path
}

extension BlockingTool {
    /// `callBlocking` on a thread of its own, as the tool pool runs it: a test that ran a tool's process on a
    /// cooperative thread would stall the other tests for as long as the tool runs.
    func callOffThePool(_ arguments: JSONValue = [:]) async throws -> ToolOutput {
        try await offThePool { try callBlocking(arguments: arguments, cancellation: ToolCancellation()) }
    }
}
