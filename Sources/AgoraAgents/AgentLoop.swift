import AgoraCore
import AgoraRuntime
import AgoraTools
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

    /// Runs the loop to a stop. Throws what the model back end or the runtime throws (cancellation, a timeout, a
    /// missing back end), `ApprovalPending` when a journaled run stops to wait for a person, and
    /// `ApprovalUnanswered` when a call needs approval nobody can give; running out of budget is a stop, not an error.
    public func run(task: String, context: AgentContext) async throws -> AgentLoopResult {
        let requested = definition.toolCalls ?? options.toolCalls
        let conversation = AgentLoopJournal.conversation(definition: definition, task: task, mode: requested)
        let journal = AgentLoopJournal(context: context, conversation: conversation)
        let mode: ToolCallMode
        do {
            mode = try await resolveMode(requested, context: context, journal: journal)
        } catch let error as SwarmError {
            guard case .budgetExhausted = error else { throw error }
            options.observer?(.stopped(agent: context.path, stop: .budgetExhausted))
            return AgentLoopResult(answer: "", stop: .budgetExhausted, turns: 0, toolCalls: 0)
        }
        // An agent with no tools has nothing to call: json mode would only wrap its answer.
        let json = mode == .json && !tools.allowed.isEmpty
        var machine = AgentLoopMachine(maxTurns: definition.maxTurns ?? options.defaultMaxTurns, finalAnswerOnRepeat: json)
        // Delegating to itself is never what a small model means when it picks its own name.
        let others = options.agents.keys.filter { $0 != definition.name }.sorted()
        let specs = json ? tools.specs.map { DelegateTool.narrowed($0, to: others) } : tools.specs
        let routed = json && options.routesTasks ? ToolRouter.route(task, among: specs) : nil
        if let routed { options.observer?(.routed(agent: context.path, tool: routed)) }
        var instructions = definition.instructions
        if json {
            instructions += (instructions.isEmpty ? "" : "\n\n") + JSONToolCalls.instructions(for: specs, example: routed)
        }
        var memory = WorkingMemory(instructions: instructions.isEmpty ? nil : instructions, budget: options.contextBudget)
        if json { memory.toolMessages = .inline }
        memory.append(.input(task))
        let schemaTokens = json
            ? memory.counter.estimate(text: JSONToolCalls.schema(for: specs).compactJSON)
            : memory.counter.estimate(text: specs.map { $0.name + $0.description + $0.inputSchema.compactJSON }.joined())
        let toolNames = Set(specs.map(\.name))
        let invocation = ToolInvocation(context: context, toolbox: tools, loop: options)
        let path = context.path
        var action = machine.handle(.start)
        while true {
            var answerOnly = false
            let turn: Int
            switch action {
            case .askModel(let number):
                turn = number
            case .askAgain(let number, let problem):
                turn = number
                memory.append(.note("your reply could not be read: \(problem). Reply with one JSON object as described."))
            case .askForFinalAnswer(let number, let repeated):
                turn = number
                answerOnly = true
                memory.append(.note("you already called \(repeated.name) with these arguments and its result is above. Give your final answer now."))
            case .runTools(let calls):
                let results = try await runTools(
                    calls, turn: machine.turns, firstNumber: machine.toolCalls - calls.count + 1, conversation: conversation,
                    context: context, invocation: invocation, journal: journal
                )
                for result in results {
                    memory.append(.toolResult(callID: result.call.id, name: result.call.name, output: result.text))
                    options.observer?(.toolResult(agent: path, result: result))
                }
                action = machine.handle(.toolsFinished)
                continue
            case .finish(let stop, let answer):
                options.observer?(.stopped(agent: path, stop: stop))
                return AgentLoopResult(answer: answer, stop: stop, turns: machine.turns, toolCalls: machine.toolCalls)
            }
            let messages = try await memory.prepare(reserving: schemaTokens)
            var request = ModelRequest(messages: messages, tools: json || answerOnly ? [] : specs, maxOutputTokens: options.maxOutputTokens)
            request.temperature = options.temperature
            if json {
                let choices: JSONToolCalls.Choices = answerOnly ? .answerOnly
                    : routed.map { machine.toolCalls == 0 ? .call($0) : .toolsOrAnswer } ?? .toolsOrAnswer
                request.responseFormat = JSONToolCalls.responseFormat(for: specs, choices: choices)
            }
            let response: ModelResponse
            if let replayed = try await journal?.reply(turn: turn) {
                options.observer?(.replayed(agent: path, turn: turn))
                response = replayed
            } else {
                options.observer?(.modelCall(agent: path, turn: turn))
                do {
                    response = try await context.ask(request)
                } catch let error as SwarmError {
                    guard case .budgetExhausted = error else { throw error }
                    action = machine.handle(.budgetExhausted)
                    continue
                }
                try await journal?.record(response, turn: turn)
            }
            let (heard, shown, event) = json
                ? Self.read(response, turn: turn, toolNames: toolNames)
                : (response, response.text, .modelAnswered(text: response.text, toolCalls: response.toolCalls))
            memory.record(heard, sent: messages)
            options.observer?(.modelAnswer(agent: path, text: shown, toolCalls: heard.toolCalls, usage: response.usage))
            action = machine.handle(event)
        }
    }

    /// A json-mode reply as the loop takes it: what working memory keeps (the reply's JSON text, with the call it
    /// names; or the answer), what `--verbose` shows, and the machine's event.
    static func read(_ response: ModelResponse, turn: Int, toolNames: Set<String>) -> (ModelResponse, String, AgentLoopMachine.Event) {
        var heard = response
        do {
            switch try JSONToolCalls.decode(response.text, toolNames: toolNames) {
            case .answer(let answer):
                heard.text = answer
                return (heard, answer, .modelAnswered(text: answer, toolCalls: []))
            case .call(let name, let arguments):
                let call = ToolCall(id: "call_\(turn)_0", name: name, arguments: arguments.compactJSON)
                heard.toolCalls = [call]
                return (heard, "", .modelAnswered(text: "", toolCalls: [call]))
            }
        } catch {
            let problem = response.finishReason == .length ? "it was cut off at the output limit" : error.reason
            return (heard, response.text, .replyUnreadable(text: "", problem: problem))
        }
    }

    /// `auto` decided: from the run journal when the run is resumed, else by the resolver (a probe per back end).
    private func resolveMode(_ requested: ToolCallMode, context: AgentContext, journal: AgentLoopJournal?) async throws -> ToolCallMode {
        guard requested == .auto else { return requested }
        guard !tools.allowed.isEmpty else { return .native }
        let resolved: ResolvedToolCallMode
        if let recorded = try await journal?.resolvedMode() {
            resolved = recorded
        } else {
            resolved = try await options.modeResolver.resolve(for: context)
            try await journal?.record(resolved)
        }
        options.observer?(.toolCallMode(agent: context.path, mode: resolved.mode, reason: resolved.reason))
        context.note("tool calls: \(resolved.mode.rawValue) (auto: \(resolved.reason))")
        return resolved.mode
    }

    /// One turn's calls: approvals first (a pause stops the turn before anything runs), then the approved calls in
    /// parallel, each replayed from the journal if it finished in an earlier process.
    private func runTools(
        _ calls: [ToolCall], turn: Int, firstNumber: Int, conversation: String, context: AgentContext, invocation: ToolInvocation,
        journal: AgentLoopJournal?
    ) async throws -> [ToolResult] {
        var results = [ToolResult?](repeating: nil, count: calls.count)
        var pending: [ApprovalRequest] = []
        for (index, call) in calls.enumerated() where needsApproval(call) {
            let id = AgentLoopJournal.approvalID(context: context, conversation: conversation, turn: turn, index: index)
            let request = ApprovalRequest(id: id, agent: definition.name, path: context.path.rawValue, call: call)
            var decision = try await journal?.decision(id: id)
            if decision == nil, let answer = try await options.approver?.decide(request) {
                decision = answer
                try await journal?.record(answer, id: id)
            }
            guard let decision else {
                guard let journal else { throw ApprovalUnanswered(request: request) }
                try await journal.record(pending: request)
                pending.append(request)
                continue
            }
            options.observer?(.approval(agent: context.path, request: request, decision: decision))
            context.note("approval \(id): \(call.name) \(decision.rawValue)")
            if decision == .denied { results[index] = .denied(call) }
        }
        if !pending.isEmpty { throw ApprovalPending(runID: context.runID, requests: pending) }
        var toRun: [(Int, ToolCall)] = []
        for (index, call) in calls.enumerated() where results[index] == nil {
            if let replayed = try await journal?.result(turn: turn, index: index) {
                results[index] = replayed
            } else {
                toRun.append((index, call))
            }
        }
        let ran = try await Self.runInParallel(toRun.map(\.1), tools: tools, invocation: invocation, numbers: toRun.map { firstNumber + $0.0 })
        for ((index, _), result) in zip(toRun, ran) {
            results[index] = result
            try await journal?.record(result, turn: turn, index: index)
        }
        return results.map { $0! }
    }

    /// The tool needs approval wherever it is used, or this agent's definition asks for it (`server.*` patterns too).
    func needsApproval(_ call: ToolCall) -> Bool {
        if tools.tool(named: call.name)?.needsApproval == true { return true }
        return definition.needsApproval.contains { name in
            name == call.name || (name.hasSuffix(".*") && call.name.hasPrefix(name.dropLast()))
        }
    }

    /// Runs the calls of one turn at once; results come back in the order of the calls.
    static func runInParallel(_ calls: [ToolCall], tools: ToolBox, invocation: ToolInvocation, numbers: [Int]) async throws -> [ToolResult] {
        func numbered(_ index: Int) -> ToolInvocation {
            var own = invocation
            own.callNumber = numbers[index]
            return own
        }
        if calls.isEmpty { return [] }
        if calls.count == 1 { return [try await tools.invoke(calls[0], invocation: numbered(0))] }
        return try await withThrowingTaskGroup(of: (Int, ToolResult).self) { group in
            for (index, call) in calls.enumerated() {
                let own = numbered(index)
                group.addTask { (index, try await tools.invoke(call, invocation: own)) }
            }
            var results = [ToolResult?](repeating: nil, count: calls.count)
            for try await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
    }
}
