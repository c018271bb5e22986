import AgoraCore
import AgoraRuntime
import AgoraTools
import Synchronization

/// `delegate`: hands a task to a sub-agent, named by its agent definition, and returns the sub-agent's answer.
///
/// The sub-agent runs the same LLM loop as a child of the caller (its path is `caller/delegate-NAME-N`, N the call's
/// number among the caller's tool calls, so that a resumed run finds the same child again), so the
/// runtime's limits bound the recursion: max depth, max agents, and budgets. Its tools are those its definition
/// names *and* the caller has: capabilities only shrink down the tree. With `budget_share`, the child gets that
/// fraction of what the caller has left (credits and tokens) and gives back what it does not spend; without it, its
/// definition's budget, else it spends from the caller's.
public struct DelegateTool: AgentTool {
    private let counter = Counter()

    public init() {}

    public let spec = ToolSpec(
        name: "delegate",
        description: "Give a task to a sub-agent and get its answer back. Name the agent, describe the task fully (the sub-agent sees nothing else), and optionally give it a share of your remaining budget.",
        inputSchema: [
            "type": "object",
            "properties": [
                "agent": ["type": "string", "minLength": 1, "description": "The name of the agent to delegate to."],
                "task": ["type": "string", "minLength": 1, "description": "The complete task for the sub-agent."],
                "budget_share": ["type": "number", "minimum": 0.01, "maximum": 1, "description": "Fraction of your remaining budget to give it (0.01 to 1)."],
            ],
            "required": ["agent", "task"],
            "additionalProperties": false,
        ]
    )

    public func call(arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput {
        let name = arguments["agent"]?.stringValue ?? ""
        let task = arguments["task"]?.stringValue ?? ""
        let agents = invocation.loop.agents
        guard let definition = agents[name] else {
            throw ToolError.failed(tool: "delegate", message: "there is no agent named '\(name)'; agents: \(ToolError.list(agents.keys.sorted()))")
        }
        let context = invocation.context
        var budget: Budget?
        if let share = arguments["budget_share"]?.numberValue, let left = context.remainingBudget, left.credits != nil || left.tokens != nil {
            budget = Budget(credits: left.credits.map { max(.zero, $0).scaled(by: share) }, tokens: left.tokens.map { Int(Double(max(0, $0)) * share) })
        }
        let childTools = invocation.toolbox.restricted(to: definition.tools)
        let loop = AgentLoop(definition: definition, tools: childTools, options: invocation.loop)
        let childName = "delegate-\(name)-\(invocation.callNumber ?? counter.next())"
        let result = try await context.spawn(childName, definition: definition, budget: budget) { child in
            try await loop.run(task: task, context: child)
        }
        return .text(result.report)
    }

    /// The spec with `agent` limited to the agents there are, for json mode's grammar: a small model then picks a
    /// real name instead of inventing one. Any other spec comes back as it was.
    public static func narrowed(_ spec: ToolSpec, to agents: [String]) -> ToolSpec {
        guard spec.name == "delegate", !agents.isEmpty, case .object(var schema) = spec.inputSchema,
            case .object(var properties)? = schema["properties"], case .object(var agent)? = properties["agent"]
        else { return spec }
        agent["enum"] = .array(agents.map(JSONValue.string))
        properties["agent"] = .object(agent)
        schema["properties"] = .object(properties)
        var narrowed = spec
        narrowed.inputSchema = .object(schema)
        return narrowed
    }
}

/// Numbers delegations made outside an agent loop (no call number) so that siblings get distinct paths.
final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}
