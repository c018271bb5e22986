import AgoraCore
import AgoraRuntime
import AgoraTools
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

    init?(context: AgentContext, conversation: String) {
        guard let journal = context.runJournal else { return nil }
        self.journal = journal
        runID = context.runID
        path = context.path
        inputs = conversation
    }

    /// What a conversation's journal keys end in: a hash of the agent's inputs (definition, task, mode).
    static func conversation(definition: AgentDefinition, task: String, mode: ToolCallMode) -> String {
        stableHash(definition.name, definition.instructions, definition.tools.joined(separator: ","), task, mode.rawValue)
    }

    /// The id of the approval of call `index` of turn `turn`: 8 hex digits, the same in every process.
    static func approvalID(context: AgentContext, conversation: String, turn: Int, index: Int) -> String {
        String(stableHash(context.runID, context.path.rawValue, conversation, String(turn), String(index)).prefix(8))
    }

    // MARK: - Model replies and tool results

    func reply(turn: Int) async throws -> ModelResponse? {
        try await value(ModelResponse.self, key: "turn-\(turn):\(inputs)")
    }

    func record(_ response: ModelResponse, turn: Int) async throws {
        try await record(response, key: "turn-\(turn):\(inputs)")
    }

    func result(turn: Int, index: Int) async throws -> ToolResult? {
        try await value(ToolResult.self, key: "tool-\(turn)-\(index):\(inputs)")
    }

    func record(_ result: ToolResult, turn: Int, index: Int) async throws {
        try await record(result, key: "tool-\(turn)-\(index):\(inputs)")
    }

    // MARK: - The mode auto chose

    func resolvedMode() async throws -> ResolvedToolCallMode? {
        try await value(ResolvedToolCallMode.self, key: "tool-calls:\(inputs)")
    }

    func record(_ mode: ResolvedToolCallMode) async throws {
        try await record(mode, key: "tool-calls:\(inputs)")
    }

    // MARK: - Approvals

    /// A decision recorded by this run's terminal or rules, or later by `agora approve` / `agora deny`.
    func decision(id: String) async throws -> ApprovalDecision? {
        try await value(ApprovalDecision.self, key: ApprovalKeys.decision(id))
    }

    func record(_ decision: ApprovalDecision, id: String) async throws {
        try await record(decision, key: ApprovalKeys.decision(id))
    }

    func record(pending request: ApprovalRequest) async throws {
        try await record(request, key: ApprovalKeys.request(request.id))
    }

    // MARK: - Coding

    /// A record that does not decode (written by another version) counts as absent: the step is done again.
    private func value<Value: Decodable>(_ type: Value.Type, key: String) async throws -> Value? {
        guard let data = try await journal.lookup(runID: runID, path: path, key: key) else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }

    private func record(_ value: some Encodable, key: String) async throws {
        try await journal.record(runID: runID, path: path, key: key, result: try JSONEncoder().encode(value))
    }
}
