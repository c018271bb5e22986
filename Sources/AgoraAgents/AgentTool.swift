import AgoraCore
import AgoraTools

/// A tool that acts on the agent calling it: spawns a child (`delegate`), records provenance (`remember`).
///
/// Implementation requirements: do the work in `call(arguments:invocation:)`; the plain `call(arguments:)` is
/// for callers outside an agent and by default refuses.
public protocol AgentTool: Tool {
    func call(arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput
}

extension AgentTool {
    public func call(arguments: JSONValue) async throws -> ToolOutput {
        throw ToolError.failed(tool: spec.name, message: "it can only be called by an agent in a swarm")
    }
}
