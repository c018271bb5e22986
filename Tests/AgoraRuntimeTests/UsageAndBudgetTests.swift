import AgoraCore
import AgoraRuntime
import AgoraTestKit
import Foundation
import Synchronization
import Testing

/// A model that reports usage from the request: input = words in, output = 7.
func countingModel(price: ModelPrice = .free) -> ScriptedBackend {
    ScriptedBackend(slots: 8, price: price) { request in
        let words = request.messages.reduce(0) { $0 + $1.content.split(separator: " ").count }
        return ModelResponse(text: "ok", usage: TokenUsage(inputTokens: words, outputTokens: 7))
    }
}

/// Expected totals, counted by the agents themselves as they act.
final class Tally: Sendable {
    let agents = Atomic<Int>(0)
    let modelCalls = Atomic<Int>(0)
    let toolCalls = Atomic<Int>(0)
    let inputTokens = Atomic<Int>(0)
}

/// A random tree: each agent makes 0–3 model calls and 0–2 tool calls, then spawns 0–4 children (to depth 4).
@Sendable func randomAgent(_ context: AgentContext, seed: UInt64, depth: Int, tally: Tally) async throws -> Int {
    var generator = SplitMix64(seed: seed)
    tally.agents.wrappingAdd(1, ordering: .relaxed)
    for call in 0..<Int(generator.next() % 4) {
        let words = Int(generator.next() % 20) + 1
        _ = try await context.ask(ModelRequest(messages: [.user(Array(repeating: "w\(call)", count: words).joined(separator: " "))]))
        tally.modelCalls.wrappingAdd(1, ordering: .relaxed)
        tally.inputTokens.wrappingAdd(words, ordering: .relaxed)
    }
    for _ in 0..<Int(generator.next() % 3) {
        try await context.runTool("noop") { _ in }
        tally.toolCalls.wrappingAdd(1, ordering: .relaxed)
    }
    let children = depth < 4 ? Int(generator.next() % 5) : 0
    let seeds = (0..<children).map { _ in generator.next() }
    let below = try await context.spawnAll(seeds.enumerated().map { index, childSeed in
        ChildAgent("c\(index)") { try await randomAgent($0, seed: childSeed, depth: depth + 1, tally: tally) }
    })
    return 1 + below.reduce(0, +)
}

@Suite struct UsageAndBudgetTests {
    @Test(arguments: [1, 2, 3, 42, 2026] as [UInt64])
    func usageAddsUpExactlyOverARandomTree(seed: UInt64) async throws {
        let tally = Tally()
        let price = ModelPrice(inputPer1K: 2, outputPer1K: 6)
        let swarm = Swarm(backends: [countingModel(price: price)])
        let agents = try await swarm.run { try await randomAgent($0, seed: seed, depth: 0, tally: tally) }
        let usage = swarm.usage
        #expect(usage.agents == agents)
        #expect(usage.agents == tally.agents.load(ordering: .relaxed))
        #expect(usage.modelCalls == tally.modelCalls.load(ordering: .relaxed))
        #expect(usage.toolCalls == tally.toolCalls.load(ordering: .relaxed))
        #expect(usage.tokens.inputTokens == tally.inputTokens.load(ordering: .relaxed))
        #expect(usage.tokens.outputTokens == 7 * usage.modelCalls)
        // Money is exact: every call's cost summed up the tree is the cost of all the tokens at once.
        #expect(usage.credits == price.cost(of: usage.tokens))
        #expect(usage.agentSeconds > 0)
    }

    @Test func aParentSeesItsChildrensUsageWhenTheyFinish() async throws {
        let swarm = Swarm(backends: [countingModel()])
        let (before, after) = try await swarm.run { root in
            _ = try await root.ask(ModelRequest(messages: [.user("one two three")]))
            let before = root.usage
            _ = try await root.spawnAll((0..<3).map { index in
                ChildAgent("c\(index)") { child in try await child.ask(ModelRequest(messages: [.user("four five")])) }
            })
            return (before, root.usage)
        }
        #expect(before.tokens == TokenUsage(inputTokens: 3, outputTokens: 7))
        #expect(after.tokens == TokenUsage(inputTokens: 3 + 3 * 2, outputTokens: 4 * 7))
        #expect(after.agents == 3)
        #expect(swarm.usage.agents == 4)
    }

    @Test func anAgentOutOfBudgetStopsWithAFlaggedPartialResultAndNeverOverspends() async throws {
        // 1 credit per 1,000 tokens either way; each call reserves at most ~100 tokens (maxOutputTokens 80).
        let price = ModelPrice(inputPer1K: 1, outputPer1K: 1)
        let swarm = Swarm(backends: [countingModel(price: price)])
        let result = try await swarm.run(budget: Budget(credits: 0.5)) { root -> Completion<Int> in
            var answers = 0
            while true {
                do {
                    _ = try await root.ask(ModelRequest(messages: [.user("summarise this please")], maxOutputTokens: 80))
                    answers += 1
                } catch SwarmError.budgetExhausted {
                    return .partial(answers, reason: "budget exhausted")
                }
            }
        }
        #expect(result.isPartial)
        #expect(result.value > 0)
        #expect(swarm.usage.credits <= 0.5)
        #expect(swarm.usage.modelCalls == result.value)
    }

    @Test func aChildsGrantComesOutOfItsParentsBudgetAndUnspentCreditsReturn() async throws {
        let price = ModelPrice(inputPer1K: 1, outputPer1K: 1)
        let swarm = Swarm(backends: [countingModel(price: price)])
        let (duringChild, afterChild) = try await swarm.run(budget: Budget(credits: 1.0)) { root in
            let during = try await root.spawn("child", budget: Budget(credits: 0.4)) { child in
                _ = try await child.ask(ModelRequest(messages: [.user("a b c")], maxOutputTokens: 10))
                return child.remainingBudget?.credits
            }
            return (during, root.remainingBudget?.credits)
        }
        let spent = swarm.usage.credits
        #expect(spent == 0.01)  // 3 input + 7 output tokens at 1 credit per 1,000
        #expect(duringChild == 0.4 - spent)
        #expect(afterChild == 1.0 - spent)
    }

    @Test func aGrantLargerThanWhatIsLeftIsRefused() async throws {
        let swarm = Swarm(backends: [countingModel()])
        let error = await #expect(throws: AgentFailure.self) {
            try await swarm.run(budget: Budget(credits: 1.0)) { root in
                try await root.spawn("greedy", budget: Budget(credits: 2.0)) { _ in 0 }
            }
        }
        guard case .budgetGrantTooLarge(let path, _, _)? = error?.underlying as? SwarmError else {
            Issue.record("expected budgetGrantTooLarge, got \(String(describing: error))")
            return
        }
        #expect(path.rawValue == "root/greedy")
        #expect(error?.description.contains("parent has only 1.0000 credits left") == true)
    }
}
