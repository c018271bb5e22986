import AgoraCore
import AgoraRuntime
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

/// Who is calling a tool: the agent's context and the tools it was given (a delegating agent can only hand on
/// a subset of them).
public struct ToolInvocation: Sendable {
    public var context: AgentContext
    public var toolbox: ToolBox
    /// How the calling agent's loop runs, so that a delegated child runs the same way.
    public var loop: AgentLoopOptions
    /// This call's number among the calling agent's tool calls (1, 2, ...): the same when a resumed run replays the
    /// agent, so `delegate` names its child with it and the child finds its own journal again.
    public var callNumber: Int?

    public init(context: AgentContext, toolbox: ToolBox, loop: AgentLoopOptions = AgentLoopOptions(), callNumber: Int? = nil) {
        self.context = context
        self.toolbox = toolbox
        self.loop = loop
        self.callNumber = callNumber
    }
}
