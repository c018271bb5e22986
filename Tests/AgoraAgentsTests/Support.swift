import AgoraAgents
import AgoraCore
import AgoraRuntime
import AgoraTestKit
import AgoraTestSupport
import AgoraTools
import Foundation
import Synchronization

// Test targets share no sources: `answer`, `calls` and `temporaryFolder` are also in AgoraToolsTests' Support.swift.

/// A model answer asking for tool calls, or giving text.
func answer(_ text: String, usage: TokenUsage = .zero) -> ModelResponse {
    ModelResponse(text: text, usage: usage)
}

func calls(_ calls: (String, String)..., text: String = "", usage: TokenUsage = .zero) -> ModelResponse {
    let toolCalls = calls.enumerated().map { index, call in ToolCall(id: "call-\(index + 1)-\(call.0)", name: call.0, arguments: call.1) }
    return ModelResponse(text: text, toolCalls: toolCalls, finishReason: .toolCalls, usage: usage)
}

/// A priced scripted back end: answers in order, fails beyond its script.
final class PricedScript: Sendable {
    final class Queue: Sendable {
        let items: Mutex<[ModelResponse]>
        init(_ items: [ModelResponse]) { self.items = Mutex(items) }
        func withLock<T>(_ body: (inout [ModelResponse]) -> T) -> T { items.withLock { body(&$0) } }
    }
    private let queue: Queue
    let backend: ScriptedBackend

    init(price: ModelPrice, _ responses: [ModelResponse]) {
        let queue = Queue(responses)
        self.queue = queue
        backend = ScriptedBackend(price: price) { request in
            guard let next = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else {
                throw ScriptedBackendError.unexpectedRequest(backend: "test", request: request)
            }
            return next
        }
    }

    var remaining: Int { queue.withLock { $0.count } }
}

/// An agent tool that reports its caller's path and remaining credits.
struct BudgetProbe: AgentTool {
    let spec = ToolSpec(name: "budget_probe", description: "Reports the caller.", inputSchema: ["type": "object"])

    func call(arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput {
        let context = invocation.context
        return .json(["path": .string(context.path.description), "credits": context.remainingBudget?.credits.map { JSONValue.number($0.value) } ?? .null,
                      "tools": .array(invocation.toolbox.allowed.map(JSONValue.string))])
    }
}

/// A blocking tool whose calls each wait until `parties` calls have started: it only returns if they run at once.
final class Rendezvous: BlockingTool {
    let parties: Int
    private let arrived = Mutex(0)
    private let condition = NSCondition()

    init(parties: Int) { self.parties = parties }

    var spec: ToolSpec { ToolSpec(name: "rendezvous", description: "Waits for its siblings.", inputSchema: ["type": "object", "properties": ["n": ["type": "integer"]]]) }

    func callBlocking(arguments: JSONValue, cancellation: ToolCancellation) throws -> ToolOutput {
        condition.lock()
        defer { condition.unlock() }
        let count = arrived.withLock { $0 += 1; return $0 }
        if count >= parties { condition.broadcast() }
        let deadline = Date().addingTimeInterval(20)
        while arrived.withLock({ $0 }) < parties {
            if !condition.wait(until: deadline) { return .text("alone") }
        }
        return .text("met \(Int(arguments["n"]?.numberValue ?? 0))")
    }
}

/// A fresh temporary folder's path (AgoraTestSupport's, as a path for the tools' string APIs).
func temporaryFolder() -> String {
    try! FileManager.default.temporaryFolder().path
}

/// The steps an agent loop reported, in order.
final class StepLog: Sendable {
    private let steps = Mutex<[AgentLoopStep]>([])
    var all: [AgentLoopStep] { steps.withLock { $0 } }
    func append(_ step: AgentLoopStep) { steps.withLock { $0.append(step) } }
}
