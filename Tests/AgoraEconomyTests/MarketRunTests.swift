import AgoraCore
import AgoraLocal
import AgoraRuntime
import AgoraTestKit
import Testing
@testable import AgoraEconomy

@Suite struct MarketRunTests {
    struct Broken: Error {}

    /// Six segments on different subjects, each sentence on its own line.
    static let sources: [String] = [
        "budget", "launch", "hiring", "security", "pricing", "roadmap",
    ].map { topic in
        (1...8).map { "The \(topic) team settled \(topic)k\($0) and \(topic)v\($0) so \(topic)k\($0) meets \(topic)v\($0)." }.joined(separator: "\n")
    }

    static func tasks() -> [MarketTask] {
        sources.enumerated().map { index, source in
            MarketTask(
                spec: MarketTaskSpec(id: "segment-\(index + 1)", words: 120, targetWords: 60), source: source,
                request: ModelRequest(
                    messages: [.user(source)], maxOutputTokens: 200, hints: .summarization(SummarizationHint(targetWords: 60))))
        }
    }

    static func profile(_ price: ModelPrice) -> WorkerProfile {
        WorkerProfile(price: price, tokensPerSecond: 100_000, slots: 8, latency: 0, advertisedQuality: 0.8)
    }

    @Test func aFullRunSettlesEveryTaskConservesMoneyAndFindsOutTheLiar() async throws {
        let usage = TokenUsage(inputTokens: 200, outputTokens: 80)
        // The honest back end answers the first four sentences; the liar's repeats one sentence; the flaky one fails.
        let good = ScriptedBackend(id: "good", price: ModelPrice(inputPer1K: 1, outputPer1K: 2)) { request in
            ModelResponse(text: request.messages[0].content.split(separator: "\n").prefix(4).joined(separator: "\n"), usage: usage)
        }
        let liar = ScriptedBackend(id: "liar", price: ModelPrice(inputPer1K: 0.1, outputPer1K: 0.1)) { request in
            let first = request.messages[0].content.split(separator: "\n")[0]
            return ModelResponse(text: Array(repeating: String(first), count: 4).joined(separator: "\n"), usage: usage)
        }
        let flaky = ScriptedBackend(id: "flaky", price: ModelPrice(inputPer1K: 0.01, outputPer1K: 0.01)) { _ in throw Broken() }
        let workers = [
            MarketWorker(name: "honest", backendID: "good", profile: Self.profile(good.price)),
            MarketWorker(name: "liar", backendID: "liar", profile: Self.profile(liar.price), claims: .fixed(0.95)),
            MarketWorker(name: "flaky", backendID: "flaky", profile: Self.profile(flaky.price)),
        ]
        // Deadlines no loaded test machine can miss: lateness is tested on the pure state machine.
        let market = Market(workers: workers, policy: .reputation, rules: MarketRules(waveSize: 2, minimumDeadline: 60), referenceWorker: "honest")
        let swarm = Swarm(backends: [good, liar, flaky])
        let deliveries = try await swarm.run("buyer") { buyer in try await market.run(Self.tasks(), in: buyer) }
        let report = await market.report()

        #expect(deliveries.map(\.taskID) == (1...6).map { "segment-\($0)" })
        #expect(deliveries.allSatisfy { $0.paid })
        #expect(report.isConserved)
        #expect(report.accounts.allSatisfy { $0.closing >= .zero })
        #expect(report.accounts.first { $0.name == Market.escrow }?.closing == .zero)
        // The flaky worker failed its first task, which went to auction again.
        #expect(report.rounds.contains { $0.winner == "flaky" && $0.verdict == .failed })
        #expect(report.reauctions >= 1)
        let liarRecord = report.workers.first { $0.name == "liar" }!.reputation
        let honestRecord = report.workers.first { $0.name == "honest" }!.reputation
        #expect(liarRecord.overclaims >= 1 && liarRecord.trust < Reputation.initialTrust)
        #expect(honestRecord.trust > Reputation.initialTrust)
        // Once caught, the liar wins nothing more: the honest worker takes the rest.
        #expect(deliveries.suffix(3).allSatisfy { $0.worker == "honest" })
        // The buyer paid exactly what the workers earned; the back ends got what the runtime metered.
        let buyer = report.accounts.first { $0.name == "agent:buyer" }!
        #expect(buyer.opening - buyer.closing == report.totalPaid)
        #expect(report.tokenCost == swarm.usage.credits, "the ledger paid the back ends exactly what the runtime metered")
        #expect(report.transfers.allSatisfy { $0.runID == swarm.runID && $0.path.hasPrefix("buyer") })
        // The honest back end was asked once for every round the honest worker won, and for nothing else.
        #expect(good.requests.count == report.rounds.filter { $0.winner == "honest" }.count)
        #expect(good.requests.count == deliveries.filter { $0.worker == "honest" }.count)
    }

    @Test func aMarketRunsOnce() async throws {
        let backend = ScriptedBackend(id: "free", price: .free) { _ in ModelResponse(text: "ok") }
        let market = Market(workers: [MarketWorker(name: "w", backendID: "free", profile: Self.profile(.free))], policy: .cheapest)
        let swarm = Swarm(backends: [backend])
        _ = try await swarm.run { try await market.run(Array(Self.tasks().prefix(1)), in: $0) }
        let error = await #expect(throws: AgentFailure.self) {
            _ = try await swarm.run { try await market.run([], in: $0) }
        }
        #expect(error?.underlying as? MarketError == .alreadyRun)
    }

    /// Two runs started together: the second must be refused even though the first is suspended in its work.
    @Test func aMarketRefusesASecondRunWhileTheFirstIsUnderWay() async throws {
        let backend = ScriptedBackend(id: "free", price: .free) { _ in
            try await Task.sleep(for: .milliseconds(50))
            return ModelResponse(text: "ok")
        }
        let market = Market(workers: [MarketWorker(name: "w", backendID: "free", profile: Self.profile(.free))], policy: .cheapest)
        let swarm = Swarm(backends: [backend])
        let tasks = Array(Self.tasks().prefix(1))
        let outcomes = await swarm.runSettled(count: 2) { buyer in try await market.run(tasks, in: buyer) }
        let refused = outcomes.filter { ($0 as? AgentFailure)?.underlying as? MarketError == .alreadyRun }
        #expect(refused.count == 1, "\(outcomes)")
        #expect(outcomes.filter { $0 == nil }.count == 1, "one run went through: \(outcomes)")
    }

    @Test func theQualityHeuristicPrefersCoverageAndPunishesPadding() {
        let scorer = SummaryQuality(corpus: Self.sources)
        let source = Self.sources[0]
        let lines = source.split(separator: "\n").map(String.init)
        let good = scorer.score(source: source, summary: lines.prefix(4).joined(separator: "\n"), targetWords: 60)
        let padded = scorer.score(source: source, summary: Array(repeating: lines[0], count: 4).joined(separator: "\n"), targetWords: 60)
        let short = scorer.score(source: source, summary: lines[0], targetWords: 60)
        #expect(good.value > padded.value)
        #expect(good.value > short.value)
        #expect(padded.novelty < good.novelty)
        #expect(short.lengthFit < good.lengthFit)
    }
}

extension Swarm {
    /// Runs `body` `count` times at once, each as its own root, and returns each one's error (nil: it went through).
    fileprivate func runSettled(count: Int, _ body: @escaping @Sendable (AgentContext) async throws -> [MarketDelivery]) async -> [(any Error)?] {
        await withTaskGroup(of: (Int, (any Error)?).self) { group in
            for index in 0..<count {
                group.addTask {
                    do {
                        _ = try await self.run("buyer-\(index)", body)
                        return (index, nil)
                    } catch {
                        return (index, error)
                    }
                }
            }
            var results = [(any Error)?](repeating: nil, count: count)
            for await (index, error) in group { results[index] = error }
            return results
        }
    }
}
