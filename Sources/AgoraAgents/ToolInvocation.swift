import AgoraCore
import AgoraRuntime
import AgoraTools

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
