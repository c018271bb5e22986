import AgoraCore
import AgoraRuntime
import Foundation

/// An LLM agent's steps in the run journal: each model reply, each tool result, the tool-call mode `auto` chose and
/// the approvals asked and given. A resumed run replays them in order, and the loop, being a deterministic machine
/// fed the same replies, arrives where it stopped without asking the model or running a tool again.
///
/// Keys end in a hash of the agent's inputs (definition, task, mode): a changed question is a new conversation.
struct AgentLoopJournal: Sendable {
    let journal: any RunJournal
    let runID: String
    let path: AgentPath
    let inputs: String

    init?(context: AgentContext, definition: AgentDefinition, task: String, mode: ToolCallMode) {
        guard let journal = context.runJournal else { return nil }
        self.journal = journal
        runID = context.runID
        path = context.path
        inputs = stableHash(definition.name, definition.instructions, definition.tools.joined(separator: ","), task, mode.rawValue)
    }

    /// The id of the approval of call `index` of turn `turn`: 8 hex digits, the same in every process.
    func approvalID(turn: Int, index: Int) -> String {
        String(stableHash(runID, path.rawValue, inputs, String(turn), String(index)).prefix(8))
    }

    // MARK: - Model replies and tool results

    struct Reply: Codable {
        var text: String
        var toolCalls: [ToolCall]
        var finishReason: FinishReason
        var inputTokens: Int
        var outputTokens: Int
    }

    func reply(turn: Int) async throws -> ModelResponse? {
        guard let data = try await journal.lookup(runID: runID, path: path, key: "turn-\(turn):\(inputs)"),
            let reply = try? JSONDecoder().decode(Reply.self, from: data)
        else { return nil }
        return ModelResponse(
            text: reply.text, toolCalls: reply.toolCalls, finishReason: reply.finishReason,
            usage: TokenUsage(inputTokens: reply.inputTokens, outputTokens: reply.outputTokens)
        )
    }

    func record(_ response: ModelResponse, turn: Int) async throws {
        let reply = Reply(
            text: response.text, toolCalls: response.toolCalls, finishReason: response.finishReason,
            inputTokens: response.usage.inputTokens, outputTokens: response.usage.outputTokens
        )
        try await journal.record(runID: runID, path: path, key: "turn-\(turn):\(inputs)", result: try JSONEncoder().encode(reply))
    }

    struct Result: Codable {
        var text: String
        var isError: Bool
    }

    func result(of call: ToolCall, turn: Int, index: Int) async throws -> ToolResult? {
        guard let data = try await journal.lookup(runID: runID, path: path, key: "tool-\(turn)-\(index):\(inputs)"),
            let result = try? JSONDecoder().decode(Result.self, from: data)
        else { return nil }
        var replayed = ToolResult(call: call, output: .text(result.text))
        replayed.isError = result.isError
        return replayed
    }

    func record(_ result: ToolResult, turn: Int, index: Int) async throws {
        let data = try JSONEncoder().encode(Result(text: result.text, isError: result.isError))
        try await journal.record(runID: runID, path: path, key: "tool-\(turn)-\(index):\(inputs)", result: data)
    }

    // MARK: - The mode auto chose

    func resolvedMode() async throws -> ResolvedToolCallMode? {
        guard let data = try await journal.lookup(runID: runID, path: path, key: "tool-calls:\(inputs)") else { return nil }
        return try? JSONDecoder().decode(ResolvedToolCallMode.self, from: data)
    }

    func record(_ mode: ResolvedToolCallMode) async throws {
        try await journal.record(runID: runID, path: path, key: "tool-calls:\(inputs)", result: try JSONEncoder().encode(mode))
    }

    // MARK: - Approvals

    /// A decision recorded by this run's terminal or rules, or later by `agora approve` / `agora deny`.
    func decision(id: String) async throws -> ApprovalDecision? {
        guard let data = try await journal.lookup(runID: runID, path: path, key: ApprovalKeys.decision(id)) else { return nil }
        return try? JSONDecoder().decode(ApprovalDecision.self, from: data)
    }

    func record(_ decision: ApprovalDecision, id: String) async throws {
        try await journal.record(runID: runID, path: path, key: ApprovalKeys.decision(id), result: try JSONEncoder().encode(decision))
    }

    func record(pending request: ApprovalRequest) async throws {
        try await journal.record(runID: runID, path: path, key: ApprovalKeys.request(request.id), result: try JSONEncoder().encode(request))
    }
}

/// Where approvals live in a run journal, for the loop and for `agora approve`/`agora deny`, which find a request by
/// its key and write the decision beside it (same run, same path).
public enum ApprovalKeys {
    public static func request(_ id: String) -> String { "approval-request:\(id)" }
    public static func decision(_ id: String) -> String { "approval:\(id)" }
}
