import AgoraCore
import AgoraDefinitions
import AgoraEconomy
import AgoraPipelines
import AgoraRuntime
import AgoraTestKit
import Synchronization
import Testing

/// The `market` step as an auction in the economy's market: who wins, who is paid, and that the ledger balances.
@Suite struct MarketStepTests {
    struct Broken: Error {}

    /// Runs `yaml` against StepTests' agents and scripted model; returns the values and every market report.
    func run(_ yaml: String, model: ScriptedBackend = StepTests.model(), trace: RecordingTraceSink? = nil) async throws
        -> (values: [String: PipelineValue], reports: [(step: String, report: MarketReport)]) {
        let pipeline = try PipelineFile.parse(yaml, file: "t.yaml", library: AgentLibrary(agents: StepTests.library))
        let reports = Mutex<[(step: String, report: MarketReport)]>([])
        let market = MarketStepRunner.tender { step, report in
            reports.withLock { $0.append((step, report)) }
        }
        let runner = PipelineRunner(pipeline: pipeline, library: StepTests.library, registry: PipelineRegistry(market: market))
        let values = try await runner.runAll(inputs: ["a": .text("job")], in: Swarm(backends: [model], trace: trace))
        return (values, reports.withLock { $0 })
    }

    static func market(_ terms: String) -> String {
        """
        inputs: [a]
        steps:
          - market:
              - { agent: dear, price: 5 }
              - upper
              - { agent: cheap, price: 2 }
            input: a
        \(terms.isEmpty ? "" : "    " + terms.replacingOccurrences(of: "\n", with: "\n    ") + "\n")    output: b
        """
    }

    @Test func theWinnerIsPaidFromTheBuyersBudgetAndMoneyIsConserved() async throws {
        let sink = RecordingTraceSink()
        let (values, reports) = try await run(Self.market("budget: 4"), trace: sink)
        #expect(values["b"] == .text("Cheap did: job"))
        let report = try #require(reports.first { $0.step == "market" }?.report)
        #expect(report.assignments.map(\.worker) == ["cheap"])
        #expect(report.isConserved)
        let closing = Dictionary(uniqueKeysWithValues: report.accounts.map { ($0.name, $0.closing) })
        #expect(closing["agent:root/market"] == Credits(2))
        #expect(closing["worker:cheap"] == Credits(2))
        #expect(closing["worker:dear"] == .zero)
        #expect(closing[Market.escrow] == .zero)
        #expect(report.accounts.map(\.opening).sum() == Credits(4))
        // Escrow at the award, then the pay-out on delivery.
        #expect(report.transfers.map(\.to) == [Market.escrow, "worker:cheap"])
        // The unpriced worker does not bid and the dear one is over the budget: one bid.
        #expect(report.rounds.map(\.bids) == [1])
        #expect(sink.recorded.contains { $0.path.rawValue == "root/market/task-r1-cheap" })
        #expect(sink.recorded.contains { event in
            if case .note(let message) = event.kind { return message.hasPrefix("market: policy cheapest") && message.hasSuffix("money conserved") }
            return false
        })
    }

    @Test func aWorkerDearerThanTheBudgetNeverWins() async throws {
        // Random awards draw among the admissible bids: within the budget both workers win for some seed...
        var winners: Set<String> = []
        for seed in 1...12 {
            let (_, reports) = try await run(Self.market("policy: random\nbudget: 5\nseed: \(seed)"))
            winners.formUnion(reports.compactMap { $0.report.assignments.first?.worker })
        }
        #expect(winners == ["cheap", "dear"])
        // ...and under it the dear one wins for none.
        for seed in 1...12 {
            let (values, reports) = try await run(Self.market("policy: random\nbudget: 4.99\nseed: \(seed)"))
            #expect(values["b"] == .text("Cheap did: job"))
            #expect(reports.first?.report.isConserved == true)
        }
    }

    @Test func aFailedWinnerIsNotPaidAndTheTaskGoesToAuctionAgain() async throws {
        let model = ScriptedBackend(respond: { request in
            let system = request.messages.first { $0.role == .system }?.content ?? ""
            if system.hasPrefix("Cheap.") { throw Broken() }
            return ModelResponse(text: "\(system.prefix(5)) did: \(request.messages.last?.content ?? "")")
        })
        let (values, reports) = try await run(Self.market(""), model: model)
        #expect(values["b"] == .text("Dear. did: job"))
        let report = try #require(reports.first?.report)
        #expect(report.rounds.map(\.winner) == ["cheap", "dear"])
        #expect(report.rounds.map(\.verdict) == [.failed, .paid])
        #expect(report.isConserved)
        let closing = Dictionary(uniqueKeysWithValues: report.accounts.map { ($0.name, $0.closing) })
        // The default budget is the dearest price: the buyer was refunded the cheap worker's 2 and paid the dear one's 5.
        #expect(closing["agent:root/market"] == .zero)
        #expect(closing["worker:cheap"] == .zero)
        #expect(closing["worker:dear"] == Credits(5))
    }

    @Test func aWorkerOnAPricedBackEndPaysForItsTokensOutOfItsFloat() async throws {
        // Within the worst case the runtime reserves for a 3-byte message asking 20 words (about 21 in, 104 out).
        let usage = TokenUsage(inputTokens: 20, outputTokens: 60)
        let model = ScriptedBackend(price: ModelPrice(inputPer1K: 1, outputPer1K: 2)) { request in
            ModelResponse(text: "done: \(request.messages.last?.content ?? "")", usage: usage)
        }
        let (values, reports) = try await run(Self.market("budget: 4\nwords: 20"), model: model)
        #expect(values["b"] == .text("done: job"))
        let report = try #require(reports.first?.report)
        #expect(report.rounds.map(\.verdict) == [.paid])
        #expect(report.isConserved)
        let accounts = Dictionary(uniqueKeysWithValues: report.accounts.map { ($0.name, $0) })
        // 20 input tokens at 1 and 60 output at 2 a thousand: 0.14 credits to the back end, out of the 2 earned.
        #expect(accounts["backend:test"]?.closing == Credits(0.14))
        let cheap = try #require(accounts["worker:cheap"])
        #expect(cheap.closing == cheap.opening + Credits(2) - Credits(0.14))
        #expect(cheap.opening > .zero)
        #expect(report.accounts.allSatisfy { $0.closing >= .zero })
    }

    @Test func theSwiftMarketHoldsTheSameAuction() async throws {
        let reports = Mutex<[MarketReport]>([])
        let workers = [(StepTests.library["dear"]!, 5.0), (StepTests.library["cheap"]!, 2.0)]
        let tender = Tender(bidders: workers.map { Tender.Bidder(agent: $0.0, price: $0.1) }, policy: .bestValue, budget: 4)
        let swarm = Swarm(backends: [StepTests.model()])
        let answer = try await swarm.run("buyer") { buyer in
            let result = try await tender.run("job", in: buyer) { agent, worker in try await worker.answer(agent, text: "job") }
            reports.withLock { $0.append(result.report) }
            return result.text
        }
        #expect(answer == "Cheap did: job")
        #expect(reports.withLock { $0.first?.isConserved } == true)
        #expect(reports.withLock { $0.first?.accounts.first?.name } == "agent:buyer")
    }
}
