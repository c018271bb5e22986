import AgoraCore
import AgoraRuntime
import AgoraWorkingMemory

/// An LLM-driven agent body: model → tool calls → results → model … → answer.
///
/// ```swift
/// let loop = AgentLoop(definition: researcher, tools: catalog.restricted(to: researcher.tools))
/// let result = try await swarm.run(definition: researcher) { try await loop.run(task: "Why is the build slow?", context: $0) }
/// print(result.answer, result.stop)
/// ```
///
/// The decisions live in `AgentLoopMachine`; this driver only performs them: it asks the model through the
/// context (so the gate, budget and usage apply), runs a turn's tool calls in parallel through the tool box (so
/// blocking tools go to the tool pool), and keeps the conversation in a `WorkingMemory`.
public struct AgentLoop: Sendable {
    public var definition: AgentDefinition
    /// The tools this agent may call (already restricted to what it was given).
    public var tools: ToolBox
    public var options: AgentLoopOptions

    public init(definition: AgentDefinition, tools: ToolBox, options: AgentLoopOptions = AgentLoopOptions()) {
        self.definition = definition
        self.tools = tools
        self.options = options
    }

    /// Runs the loop to a stop. Throws only what the model back end or the runtime throws (cancellation,
    /// a timeout, a missing back end); running out of budget is a stop, not an error.
    public func run(task: String, context: AgentContext) async throws -> AgentLoopResult {
        var machine = AgentLoopMachine(maxTurns: definition.maxTurns ?? options.defaultMaxTurns)
        var memory = WorkingMemory(instructions: definition.instructions.isEmpty ? nil : definition.instructions, budget: options.contextBudget)
        memory.append(.input(task))
        let specs = tools.specs
        let schemaTokens = memory.counter.estimate(text: specs.map { $0.name + $0.description + $0.inputSchema.compactJSON }.joined())
        let invocation = ToolInvocation(context: context, toolbox: tools, loop: options)
        let path = context.path
        var action = machine.handle(.start)
        while true {
            switch action {
            case .askModel(let turn):
                options.observer?(.modelCall(agent: path, turn: turn))
                let messages = try await memory.prepare(reserving: schemaTokens)
                let request = ModelRequest(messages: messages, tools: specs, maxOutputTokens: options.maxOutputTokens)
                let response: ModelResponse
                do {
                    response = try await context.ask(request)
                } catch let error as SwarmError {
                    guard case .budgetExhausted = error else { throw error }
                    action = machine.handle(.budgetExhausted)
                    continue
                }
                memory.record(response, sent: messages)
                options.observer?(.modelAnswer(agent: path, text: response.text, toolCalls: response.toolCalls, usage: response.usage))
                action = machine.handle(.modelAnswered(text: response.text, toolCalls: response.toolCalls))
            case .runTools(let calls):
                let results = try await Self.runInParallel(calls, tools: tools, invocation: invocation)
                for result in results {
                    memory.append(.toolResult(callID: result.call.id, name: result.call.name, output: result.text))
                    options.observer?(.toolResult(agent: path, result: result))
                }
                action = machine.handle(.toolsFinished)
            case .finish(let stop, let answer):
                options.observer?(.stopped(agent: path, stop: stop))
                return AgentLoopResult(answer: answer, stop: stop, turns: machine.turns, toolCalls: machine.toolCalls)
            }
        }
    }

    /// Runs the calls of one turn at once; results come back in the order of the calls.
    static func runInParallel(_ calls: [ToolCall], tools: ToolBox, invocation: ToolInvocation) async throws -> [ToolResult] {
        if calls.count == 1 { return [try await tools.invoke(calls[0], invocation: invocation)] }
        return try await withThrowingTaskGroup(of: (Int, ToolResult).self) { group in
            for (index, call) in calls.enumerated() {
                group.addTask { (index, try await tools.invoke(call, invocation: invocation)) }
            }
            var results = [ToolResult?](repeating: nil, count: calls.count)
            for try await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
    }
}

/// How an agent loop ended.
public struct AgentLoopResult: Sendable, Hashable {
    /// The final answer, or for any stop but `.answered` the last text the model wrote (possibly empty).
    public var answer: String
    public var stop: AgentLoopStop
    /// Model calls made.
    public var turns: Int
    /// Tool calls made.
    public var toolCalls: Int

    public init(answer: String, stop: AgentLoopStop, turns: Int, toolCalls: Int) {
        self.answer = answer
        self.stop = stop
        self.turns = turns
        self.toolCalls = toolCalls
    }

    /// The answer as a parent (or a person) should read it: a partial answer says why it is partial.
    public var report: String {
        if case .answered = stop { return answer }
        return "[partial: \(stop)]" + (answer.isEmpty ? "" : " " + answer)
    }
}
