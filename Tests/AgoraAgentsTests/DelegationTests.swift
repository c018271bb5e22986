import AgoraAgents
import AgoraCore
import AgoraRuntime
import AgoraTestKit
import AgoraTools
import Testing

@Suite struct DelegationTests {
    let catalog = ToolBox(tools: [WordCountTool(), DelegateTool(), BudgetProbe()])
    let lead = AgentDefinition(name: "lead", instructions: "Lead.", backend: "test", tools: ["delegate", "budget_probe"])
    let researcher = AgentDefinition(name: "researcher", instructions: "Research.", backend: "test", tools: ["delegate", "budget_probe", "word_count"])
    let checker = AgentDefinition(name: "checker", instructions: "Check.", backend: "test", tools: ["budget_probe", "delegate"])
    let usage = TokenUsage(inputTokens: 100, outputTokens: 10)
    /// 100 tokens in at 1 credit per 1k, 10 out at 2 per 1k: 0.12 credits a call.
    let price = ModelPrice(inputPer1K: 1, outputPer1K: 2)

    @Test func threeLevelsDeepWithBudgetSharesAndExactUsage() async throws {
        let script = PricedScript(price: price, [
            calls(("delegate", #"{"agent":"researcher","task":"research X","budget_share":0.5}"#), usage: usage),  // lead
            calls(("delegate", #"{"agent":"checker","task":"check X","budget_share":0.5}"#), usage: usage),        // researcher
            calls(("budget_probe", "{}"), usage: usage),                                                          // checker
            answer("X checks out", usage: usage),                                                                  // checker
            answer("X is true (checked)", usage: usage),                                                           // researcher
            answer("Final: X is true", usage: usage),                                                              // lead
        ])
        let options = AgentLoopOptions(maxOutputTokens: 100, agents: ["lead": lead, "researcher": researcher, "checker": checker])
        let loop = AgentLoop(definition: lead, tools: catalog.restricted(to: lead.tools), options: options)
        let swarm = Swarm(backends: [script.backend])
        let result = try await swarm.run(definition: lead, budget: Budget(credits: 10)) { try await loop.run(task: "Is X true?", context: $0) }

        #expect(result == AgentLoopResult(answer: "Final: X is true", stop: .answered, turns: 2, toolCalls: 1))
        #expect(script.remaining == 0)
        let requests = script.backend.requests
        // Capabilities shrink: the researcher cannot get word_count (its parent lacks it); the checker keeps what both have.
        #expect(requests[1].tools.map(\.name) == ["budget_probe", "delegate"])
        #expect(requests[2].tools.map(\.name) == ["budget_probe", "delegate"])
        // Shares: lead has 10 - 0.12 left and gives half (4.94); the researcher, after its own call, gives half of
        // 4.82 (2.41); the checker has spent 0.12 of that when it looks.
        let probe = try JSONValue.parse(try #require(requests[3].messages.last?.content))
        #expect(probe["path"] == "root/delegate-researcher-1/delegate-checker-1")
        let credits = try #require(probe["credits"]?.numberValue)
        #expect(abs(credits - 2.29) < 1e-9)
        // Each answer flows up as its parent's tool result.
        #expect(requests[4].messages.last?.content == "X checks out")
        #expect(requests[5].messages.last?.content == "X is true (checked)")
        // Exact totals over the tree.
        let total = swarm.usage
        #expect(total.agents == 3 && total.modelCalls == 6 && total.toolCalls == 3)
        #expect(total.tokens == TokenUsage(inputTokens: 600, outputTokens: 60))
        #expect(total.credits == 0.72)
    }

    @Test func recursionIsBoundedByTheRuntimesDepthLimit() async throws {
        // The checker may delegate too, but at depth 2 the limit of 1 refuses its child: a tool error, not a crash.
        let model = ScriptedBackend(responses: [
            calls(("delegate", #"{"agent":"researcher","task":"dig"}"#)),
            calls(("delegate", #"{"agent":"checker","task":"dig deeper"}"#)),
            answer("as deep as I may go"),
            answer("done"),
        ])
        let options = AgentLoopOptions(agents: ["researcher": researcher, "checker": checker])
        let loop = AgentLoop(definition: lead, tools: catalog.restricted(to: lead.tools), options: options)
        let swarm = Swarm(backends: [model], limits: SwarmLimits(maxDepth: 1))
        let result = try await swarm.run(definition: lead) { try await loop.run(task: "dig", context: $0) }
        #expect(result.answer == "done")
        let refusal = try #require(model.requests[2].messages.last?.content)
        #expect(refusal.hasPrefix("error: agent root/delegate-researcher-1/delegate-checker-1 is at depth 2, over the limit of 1 (max depth)"))
        #expect(swarm.usage.agents == 2)
    }

    @Test func delegatingToAnUnknownAgentIsAToolError() async throws {
        let model = ScriptedBackend(responses: [calls(("delegate", #"{"agent":"nobody","task":"x"}"#)), answer("ok")])
        let loop = AgentLoop(definition: lead, tools: catalog.restricted(to: lead.tools), options: AgentLoopOptions(agents: ["checker": checker]))
        _ = try await Swarm(backends: [model]).run(definition: lead) { try await loop.run(task: "x", context: $0) }
        #expect(model.requests[1].messages.last?.content == "error: delegate failed: there is no agent named 'nobody'; agents: checker")
    }
}
