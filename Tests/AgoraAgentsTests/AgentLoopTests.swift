import AgoraAgents
import AgoraCore
import AgoraRuntime
import AgoraTestKit
import AgoraTools
import Testing

@Suite struct AgentLoopTests {
    let catalog = ToolBox(tools: [WordCountTool(), NowTool(), DelegateTool(), BudgetProbe()])

    func agent(_ name: String = "worker", tools: [String], maxTurns: Int? = nil) -> AgentDefinition {
        AgentDefinition(name: name, instructions: "You are \(name).", backend: "test", tools: tools, maxTurns: maxTurns)
    }

    @Test func callsAToolAndAnswers() async throws {
        let model = ScriptedBackend(responses: [calls(("word_count", #"{"text":"one two three"}"#)), answer("three words")])
        let definition = agent(tools: ["word_count"])
        let loop = AgentLoop(definition: definition, tools: catalog.restricted(to: definition.tools))
        let swarm = Swarm(backends: [model])
        let result = try await swarm.run(definition: definition) { try await loop.run(task: "Count: one two three", context: $0) }
        #expect(result == AgentLoopResult(answer: "three words", stop: .answered, turns: 2, toolCalls: 1))
        try model.assertComplete()
        // The model saw only its own tool, and the result came back as a tool message answering the call.
        #expect(model.requests[0].tools.map(\.name) == ["word_count"])
        let toolMessage = try #require(model.requests[1].messages.last)
        #expect(toolMessage.role == .tool && toolMessage.toolCallID == "call-1-word_count")
        #expect(toolMessage.content.contains(#""words":3"#))
        #expect(swarm.usage.toolCalls == 1)
    }

    @Test func callsOfOneTurnRunInParallelOnTheToolPool() async throws {
        let rendezvous = Rendezvous(parties: 3)
        let model = ScriptedBackend(responses: [
            calls(("rendezvous", #"{"n":1}"#), ("rendezvous", #"{"n":2}"#), ("rendezvous", #"{"n":3}"#)), answer("all met"),
        ])
        let definition = agent(tools: ["rendezvous"])
        let loop = AgentLoop(definition: definition, tools: ToolBox(tools: [rendezvous]))
        let swarm = Swarm(backends: [model], toolPool: ToolPool(threads: 3))
        let result = try await swarm.run(definition: definition) { try await loop.run(task: "meet", context: $0) }
        #expect(result.stop == .answered)
        // Each call waits for the other two: only calls running at once can all say "met"; results keep call order.
        let results = model.requests[1].messages.filter { $0.role == .tool }.map(\.content)
        #expect(results == ["met 1", "met 2", "met 3"])
    }

    @Test func schemaErrorsGoBackToTheModelWhichFixesItsCall() async throws {
        let model = ScriptedBackend(responses: [
            calls(("word_count", #"{"txt":"a b"}"#)),
            calls(("word_count", #"{"text": "a b"#)),
            calls(("word_count", #"{"text":"a b"}"#)),
            answer("2"),
        ])
        let definition = agent(tools: ["word_count"])
        let loop = AgentLoop(definition: definition, tools: catalog.restricted(to: definition.tools))
        let result = try await Swarm(backends: [model]).run(definition: definition) { try await loop.run(task: "count", context: $0) }
        #expect(result.answer == "2" && result.turns == 4)
        let schemaError = try #require(model.requests[1].messages.last?.content)
        #expect(schemaError.hasPrefix("error: the arguments do not match word_count's input schema"))
        #expect(schemaError.contains("missing required property 'text'") && schemaError.contains("unexpected property 'txt'"))
        #expect(model.requests[2].messages.last?.content.hasPrefix("error: the arguments are not valid JSON") == true)
        #expect(model.requests[3].messages.last?.content.contains(#""words":2"#) == true)
    }

    @Test func stopsAtMaxTurns() async throws {
        let model = ScriptedBackend(responses: [
            calls(("word_count", #"{"text":"a"}"#), text: "step one"), calls(("word_count", #"{"text":"b"}"#), text: "step two"),
        ])
        let definition = agent(tools: ["word_count"], maxTurns: 2)
        let loop = AgentLoop(definition: definition, tools: catalog.restricted(to: definition.tools))
        let result = try await Swarm(backends: [model]).run(definition: definition) { try await loop.run(task: "go", context: $0) }
        #expect(result == AgentLoopResult(answer: "step two", stop: .maxTurns(2), turns: 2, toolCalls: 1))
        #expect(result.report == "[partial: stopped after 2 turns (max turns) without a final answer] step two")
        try model.assertComplete()
    }

    @Test func loopGuardStopsARepeatedCall() async throws {
        let repeated = #"{"text":"same"}"#
        let model = ScriptedBackend(responses: [calls(("word_count", repeated)), calls(("word_count", repeated), text: "hmm")])
        let definition = agent(tools: ["word_count"])
        let loop = AgentLoop(definition: definition, tools: catalog.restricted(to: definition.tools))
        let result = try await Swarm(backends: [model]).run(definition: definition) { try await loop.run(task: "go", context: $0) }
        guard case .loopDetected(let call) = result.stop else { Issue.record("expected the loop guard, got \(result.stop)"); return }
        #expect(call.name == "word_count" && result.answer == "hmm" && result.toolCalls == 1)
    }

    @Test func budgetExhaustionIsAStopWithAPartialAnswer() async throws {
        let script = PricedScript(price: ModelPrice(inputPer1K: 1, outputPer1K: 1), [
            calls(("word_count", #"{"text":"a"}"#), text: "half done", usage: TokenUsage(inputTokens: 1_500, outputTokens: 50)),
        ])
        let definition = agent(tools: ["word_count"])
        let loop = AgentLoop(definition: definition, tools: catalog.restricted(to: definition.tools), options: AgentLoopOptions(maxOutputTokens: 1_000))
        let swarm = Swarm(backends: [script.backend])
        let result = try await swarm.run(definition: definition, budget: Budget(credits: 2.2)) { try await loop.run(task: "go", context: $0) }
        #expect(result.stop == .budgetExhausted && result.answer == "half done" && result.turns == 2)
        #expect(swarm.usage.credits == 1.55)
    }

    @Test func deniedToolsAreToolErrorsAndChildrenOnlyGetASubset() async throws {
        // The parent may use delegate and word_count; the child's definition asks for word_count and now.
        let parent = agent("lead", tools: ["delegate", "word_count"])
        let child = agent("helper", tools: ["word_count", "now"])
        let model = ScriptedBackend(responses: [
            calls(("now", "{}")),  // lead: not one of its tools
            calls(("delegate", #"{"agent":"helper","task":"what time is it?"}"#)),
            calls(("now", "{}")),  // helper: named in its definition, but its parent does not have it
            answer("I cannot tell the time."),
            answer("The helper cannot tell the time either."),
        ])
        let options = AgentLoopOptions(agents: ["helper": child])
        let loop = AgentLoop(definition: parent, tools: catalog.restricted(to: parent.tools), options: options)
        let result = try await Swarm(backends: [model]).run(definition: parent) { try await loop.run(task: "time?", context: $0) }
        #expect(result.answer == "The helper cannot tell the time either.")
        let requests = model.requests
        #expect(requests[1].messages.last?.content == "error: agent root is not allowed to use tool 'now'; its tools are: delegate, word_count")
        #expect(requests[2].tools.map(\.name) == ["word_count"])
        #expect(requests[3].messages.last?.content
            == "error: agent root/delegate-helper-2 is not allowed to use tool 'now'; its tools are: word_count")
        #expect(requests[4].messages.last?.content == "I cannot tell the time.")
    }

    @Test func anUnknownToolIsReportedWithTheAvailableOnes() {
        #expect(throws: ToolError.unknownTool(name: "fly", available: ["word_count"])) {
            try catalog.restricted(to: ["word_count"]).prepare(ToolCall(id: "x", name: "fly", arguments: "{}"), agent: "root")
        }
    }
}
