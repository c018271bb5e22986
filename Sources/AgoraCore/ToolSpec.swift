/// What a model is told about a tool: its name, what it does, and the JSON Schema of its input.
public struct ToolSpec: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    public var inputSchema: JSONValue

    public init(name: String, description: String, inputSchema: JSONValue = ["type": "object"]) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
    }
}

/// A tool's answer: plain text or JSON.
public enum ToolOutput: Sendable, Hashable {
    case text(String)
    case json(JSONValue)
}

/// A capability an agent can call.
///
/// Implementation requirements: `call` may block (a subprocess, a file, a synchronous client); the runtime runs
/// blocking tools away from the threads that schedule agents. Throw an error the model can read when the
/// arguments are wrong: it goes back to the model as a tool error, not as a crash.
public protocol Tool: Sendable {
    var spec: ToolSpec { get }
    /// True when a person must approve every call before it runs (a tool that deletes, sends or spends).
    var needsApproval: Bool { get }
    func call(arguments: JSONValue) async throws -> ToolOutput
}

extension Tool {
    public var needsApproval: Bool { false }
}

/// A tool whose work blocks a thread (a subprocess, a file, a synchronous client). The runtime runs it on its
/// dedicated tool threads, never on the threads that schedule agents.
///
/// Implementation requirements: return when done; check `cancellation` (or register `onCancel`) so that a
/// timed-out or cancelled call frees its thread early. A call that ignores cancellation keeps its thread until
/// it returns; the pool lends a replacement thread meanwhile.
public protocol BlockingTool: Tool {
    func callBlocking(arguments: JSONValue, cancellation: ToolCancellation) throws -> ToolOutput
}

extension BlockingTool {
    /// Runs the blocking body in place. The runtime never takes this path: `AgentContext.call` sends blocking
    /// tools to its tool pool. It is here for callers outside a swarm.
    public func call(arguments: JSONValue) async throws -> ToolOutput {
        try callBlocking(arguments: arguments, cancellation: ToolCancellation())
    }
}
