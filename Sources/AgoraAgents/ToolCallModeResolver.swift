import AgoraCore
import AgoraRuntime
import Synchronization

/// The mode an agent's loop runs in once `auto` has been decided: native or json, and why.
public struct ResolvedToolCallMode: Sendable, Hashable, Codable {
    public var mode: ToolCallMode
    public var reason: String

    public init(mode: ToolCallMode, reason: String) {
        self.mode = mode
        self.reason = reason
    }
}

/// Decides `auto` once per back end and remembers it for every agent of the run: it sends the back end a probe (one
/// tool, an order to call it) and reads the reply. A real tool call means the model's template supports tools:
/// native. Text means the server dropped the tools (llama.cpp does for a template without tool support): json.
public final class ToolCallModeResolver: Sendable {
    private let decided = Mutex<[String: ResolvedToolCallMode]>([:])

    public init() {}

    /// The probe's tool; nothing runs it.
    static let probe = ToolSpec(
        name: "agora_probe",
        description: "Reports that tool calls work.",
        inputSchema: ["type": "object", "properties": ["ok": ["type": "boolean"]], "required": ["ok"]]
    )

    public func cached(backend: String) -> ResolvedToolCallMode? {
        decided.withLock { $0[backend] }
    }

    /// Asks the agent's back end the probe (a real model call, counted and traced like any) unless it was decided.
    public func resolve(for context: AgentContext) async throws -> ResolvedToolCallMode {
        let backend = try context.backend().id
        if let known = cached(backend: backend) { return known }
        let request = ModelRequest(
            messages: [.user(#"Call the function agora_probe with {"ok": true}. Write nothing else."#)],
            tools: [Self.probe], maxOutputTokens: 32, temperature: 0
        )
        let response = try await context.ask(request)
        let resolved = response.toolCalls.contains { $0.name == Self.probe.name }
            ? ResolvedToolCallMode(mode: .native, reason: "\(backend) answered a probe with a tool call")
            : ResolvedToolCallMode(mode: .json, reason: "\(backend) answered a probe with text, not a tool call")
        decided.withLock { $0[backend] = resolved }
        return resolved
    }
}
