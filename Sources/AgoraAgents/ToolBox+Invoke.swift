import AgoraCore
import AgoraRuntime
import AgoraTools

/// Running a call in a swarm. Here, not beside the catalog in AgoraTools, because it needs the runtime: the call
/// goes through the agent's context (tool pool, limits, trace), and an `AgentTool` is handed its caller.
extension ToolBox {
    /// Runs one call as the agent in `invocation`: blocking tools on the swarm's tool pool. Returns the tool's
    /// output, or its error as text; throws only `CancellationError`.
    public func invoke(_ call: ToolCall, invocation: ToolInvocation, timeout: Duration? = nil) async throws -> ToolResult {
        do {
            let (tool, arguments) = try prepare(call, agent: invocation.context.path.description)
            let output: ToolOutput
            if let agentTool = tool as? any AgentTool {
                var own = invocation
                own.toolbox = self
                // Through the context like any tool, so the runtime counts and traces it.
                output = try await invocation.context.call(BoundAgentTool(tool: agentTool, invocation: own), arguments: arguments, timeout: timeout)
            } else {
                output = try await invocation.context.call(tool, arguments: arguments, timeout: timeout)
            }
            return ToolResult(call: call, output: output)
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            // A delegate's child that stopped for approval stops the whole run: not an error for the caller's model.
            let cause = (error as? AgentFailure)?.underlying ?? error
            if cause is ApprovalPending || cause is ApprovalUnanswered { throw cause }
            return ToolResult(call: call, error: Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        if let failure = error as? AgentFailure, !(failure.underlying is SwarmError) {
            return "\(failure.underlying)"
        }
        return "\(error)"
    }
}

/// An agent tool with its caller fixed, so that it can go through `AgentContext.call`.
struct BoundAgentTool: Tool {
    let tool: any AgentTool
    let invocation: ToolInvocation

    var spec: ToolSpec { tool.spec }

    func call(arguments: JSONValue) async throws -> ToolOutput {
        try await tool.call(arguments: arguments, invocation: invocation)
    }
}
