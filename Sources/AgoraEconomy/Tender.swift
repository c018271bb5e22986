import AgoraCore
import AgoraDefinitions
import AgoraLocal
import AgoraRuntime
import AgoraText

/// One task put out to tender among worker agents, as an auction in the economy's `Market`: every agent with a
/// price bids it (a flat price for the task), the award policy picks the winner among the bids the budget allows,
/// the buyer pays the price into escrow, and the escrow pays the winner on time. A late or failed winner is not
/// paid and the task goes to auction again among the others (three auctions at most). The `market` step of a
/// pipeline file (through `MarketStepRunner.tender`) and `Step.market` of a Swift pipeline both run this, so both
/// front ends hold the same auction.
///
/// ```swift
/// let tender = Tender(bidders: [.init(agent: careful, price: 4), .init(agent: quick, price: 1.5)], budget: 3)
/// let result = try await tender.run(text, words: 50, in: context) { agent, worker in
///     try await worker.answer(agent, text: text, words: 50)
/// }
/// print(result.winner, result.report.markdown)
/// ```
public struct Tender: Sendable {
    /// A worker agent and the credits it asks for the task; an agent without a price does not bid.
    public struct Bidder: Sendable, Hashable {
        public var agent: AgentDefinition
        public var price: Double?

        public init(agent: AgentDefinition, price: Double?) {
            self.agent = agent
            self.price = price
        }
    }

    /// The answer, who gave it, and what the market did (auctions, ledger).
    public struct Result: Sendable {
        public var winner: String
        public var text: String
        /// False when the answer came late and was kept unpaid as a last resort.
        public var paid: Bool
        public var report: MarketReport
    }

    public var bidders: [Bidder]
    public var policy: AwardPolicy
    /// Credits the buyer may spend: its opening balance and the most it pays; nil: the dearest declared price.
    public var budget: Double?
    public var seed: UInt64
    /// Seconds the winner has to deliver; its job is cancelled at three times this, or at its agent's timeout.
    public var deadline: Double

    public init(bidders: [Bidder], policy: AwardPolicy = .cheapest, budget: Double? = nil, seed: UInt64 = 1,
                deadline: Double = MarketStep.defaultDeadline) {
        self.bidders = bidders
        self.policy = policy
        self.budget = budget
        self.seed = seed
        self.deadline = deadline
    }

    /// What the buyer opens its account with.
    public var funds: Double { MarketStep.funds(budget: budget, prices: bidders.map(\.price)) }

    /// Holds the auction for `text` with `buyer` as the buying agent (its path names its ledger account; the
    /// winner's job runs as its child, `task-r1-NAME`, with the worker's agent definition) and returns the
    /// winner's answer. `answer` is what the winner does: ask its model as its agent.
    ///
    /// - Parameters:
    ///   - words: the length asked of the answer, which the buyer's quality score compares with.
    ///   - backendOverride: a back end that serves every worker instead of its own (the CLI's `--model`).
    ///   - remark: a sentence for the report's Markdown, such as where the step is written.
    public func run(
        _ text: String, words: Int? = nil, in buyer: AgentContext, backendOverride: String? = nil, remark: String? = nil,
        answer: @escaping @Sendable (AgentDefinition, AgentContext) async throws -> String
    ) async throws -> Result {
        let priced = bidders.compactMap { bidder in bidder.price.map { (agent: bidder.agent, price: $0) } }
        guard !priced.isEmpty else { throw TenderError.noPrice }
        if let twice = Dictionary(grouping: priced, by: \.agent.name).first(where: { $0.value.count > 1 })?.key {
            throw TenderError.listedTwice(twice)
        }
        let size = WordCounter.count(text)
        let spec = MarketTaskSpec(id: "task", kind: "answer", words: size, targetWords: words ?? size)
        let workers = try priced.map { bidder in
            let backend = try buyer.backend(backendOverride ?? bidder.agent.backend)
            // Agents declare no speed: each promises to deliver in time, and only a late delivery tells otherwise.
            let profile = WorkerProfile(price: backend.price, tokensPerSecond: 1e12, slots: backend.slots, markup: 0)
            return MarketWorker(name: bidder.agent.name, backendID: backend.id, profile: profile,
                                askingPrice: Credits(bidder.price), definition: bidder.agent)
        }
        let funds = Credits(self.funds)
        let float = workers.map { Self.workingCapital(of: $0, text: text, words: words, spec: spec) }.max() ?? .zero
        // One task, its price capped by the budget alone and its deadline fixed, whatever its size.
        let rules = MarketRules(waveSize: 1, deadlinePerReferenceTask: 0, minimumDeadline: deadline, maxPriceBase: funds, maxPricePer1KWords: .zero)
        let market = Market(workers: workers, policy: policy, rules: rules, seed: seed, buyerFunds: funds, workerFloat: float, remark: remark)
        let task = MarketTask(spec: spec, source: text) { worker, job in
            try await answer(worker.definition ?? AgentDefinition(name: worker.name), job)
        }
        let delivery: MarketDelivery
        do {
            delivery = try await market.run([task], in: buyer)[0]
        } catch let error as MarketError {
            let report = await market.report()
            buyer.note(Self.summary(of: report, winner: nil))
            throw TenderError.noDelivery(error, bids: report.rounds.map(\.bids).max() ?? 0, budget: funds)
        }
        let report = await market.report()
        buyer.note(Self.summary(of: report, winner: delivery.worker))
        buyer.note(Self.ledgerLine(report))
        return Result(winner: delivery.worker, text: delivery.text, paid: delivery.paid, report: report)
    }

    /// What a worker must hold before it is paid, to buy its tokens: the runtime reserves a call's worst case (its
    /// input and its longest output, at the back end's price) out of the job's grant, and the market takes no bid the
    /// worker cannot pay for. Nothing on a free back end.
    static func workingCapital(of worker: MarketWorker, text: String, words: Int?, spec: MarketTaskSpec) -> Credits {
        let instructions = (worker.definition?.instructions ?? "").utf8.count + 32
        let worstCase = TokenUsage(inputTokens: (text.utf8.count + instructions) / 3 + 8, outputTokens: words.map(ModelRequest.summaryOutputTokens(words:)) ?? 1_024)
        // The same function, and so the same rounding, as the runtime's own reservation.
        let reserved = worker.profile.price.cost(of: worstCase)
        return max(reserved, worker.profile.cost(words: spec.words, targetWords: spec.targetWords))
    }

    /// `market: policy cheapest · budget 3.000000 · round 1: 2 bid(s), quick at 1.000000, paid → quick delivered; money conserved`
    static func summary(of report: MarketReport, winner: String?) -> String {
        let budget = report.accounts.first.map { "budget \($0.opening)" } ?? "no budget"
        let rounds = report.rounds.map { round in
            "round \(round.round): \(round.bids) bid(s), " + (round.winner.map { "\($0) at \(round.price), \(round.verdict.rawValue)" } ?? "none admissible")
        }
        let outcome = winner.map { "\($0) delivered" } ?? "no delivery"
        return "market: policy \(report.policy.rawValue) · \(budget) · \(rounds.joined(separator: "; ")) → \(outcome); "
            + "money \(report.isConserved ? "conserved" : "NOT conserved")"
    }

    /// `ledger: agent:root/market 3.000000 → 2.000000, market:escrow 0.000000 → 0.000000, ...`
    static func ledgerLine(_ report: MarketReport) -> String {
        "ledger: " + report.accounts.map { "\($0.name) \($0.opening) → \($0.closing)" }.joined(separator: ", ")
            + " (\(report.transfers.count) transfers)"
    }
}

public enum TenderError: Error, Sendable, CustomStringConvertible {
    case noPrice
    case listedTwice(String)
    case noDelivery(MarketError, bids: Int, budget: Credits)

    public var description: String {
        switch self {
        case .noPrice: "no worker declares a price, so no one can win the task"
        case .listedTwice(let name): "'\(name)' is listed twice; a worker bids once"
        case .noDelivery(let error, let bids, let budget):
            bids == 0 ? "no worker bid within the budget of \(budget) credits (\(error))" : "the market found no delivery: \(error)"
        }
    }
}

extension AwardPolicy {
    /// The policy a pipeline file names.
    public init(_ policy: MarketStep.Policy) {
        switch policy {
        case .cheapest: self = .cheapest
        case .bestValue: self = .bestValue
        case .reputation: self = .reputation
        case .random: self = .random
        }
    }
}
