import AgoraCore
import AgoraRuntime

/// One task put out to tender: the work the winner does, and the source text the buyer scores the answer against.
public struct MarketTask: Sendable {
    public var spec: MarketTaskSpec
    public var source: String
    /// Runs in the winner's job agent and returns the answer.
    public var work: @Sendable (MarketWorker, AgentContext) async throws -> String

    /// A task that asks `request` of the winner's back end.
    public init(spec: MarketTaskSpec, source: String, request: ModelRequest) {
        self.init(spec: spec, source: source) { worker, job in try await job.ask(request, backend: worker.backendID).text }
    }

    /// A task whose winner does `work` (a pipeline's worker answers as its own agent, with its own instructions).
    public init(spec: MarketTaskSpec, source: String, work: @escaping @Sendable (MarketWorker, AgentContext) async throws -> String) {
        self.spec = spec
        self.source = source
        self.work = work
    }
}

/// What the market hands back for a task: the winner's answer.
public struct MarketDelivery: Sendable, Hashable {
    public var taskID: String
    public var worker: String
    public var text: String
    /// False when the answer is a late delivery used as a last resort (and so was not paid for).
    public var paid: Bool
}

/// The market: runs contract-net rounds for a buyer agent among registered workers, settles every delivery in the
/// ledger, and keeps reputations.
///
/// The decisions are `MarketState`'s; this actor runs the winners' jobs as child agents of the buyer (each with a
/// budget grant of what its worker can pay and a hard time limit), scores what comes back with `SummaryQuality`,
/// and moves the money: the buyer pays the price into escrow at the award; on time the escrow pays the worker,
/// otherwise it refunds the buyer; a worker pays its back end for the tokens it used, delivered or not.
///
/// ```swift
/// let market = Market(workers: workers, policy: .bestValue)
/// let answers = try await swarm.run { buyer in try await market.run(tasks, in: buyer) }
/// print(await market.report().markdown)
/// ```
public actor Market {
    /// The run's book; opened by `run` under the buyer's run id.
    public private(set) var ledger = Ledger(runID: "")
    public nonisolated let workers: [MarketWorker]
    public nonisolated let policy: AwardPolicy
    public nonisolated let rules: MarketRules
    public nonisolated let seed: UInt64
    /// The worker whose prices make the "all-premium" plan the report compares with.
    public nonisolated let referenceWorker: String?
    public nonisolated let buyerFunds: Credits
    public nonisolated let workerFloat: Credits
    /// A sentence the report's Markdown prints under its heading: what the reader should know of these workers.
    public nonisolated let remark: String?
    public static let escrow = "market:escrow"

    private var state: MarketState?
    /// Set by the first `run`, at once: a market runs once.
    private var claimed = false
    private var buyer = "agent:buyer"
    private var allReferencePlan: Credits?
    private var quality: [String: Double] = [:]
    private var wallSeconds = 0.0

    public init(
        workers: [MarketWorker], policy: AwardPolicy, rules: MarketRules = MarketRules(), seed: UInt64 = 1,
        referenceWorker: String? = nil, buyerFunds: Credits = Credits(1_000), workerFloat: Credits = Credits(10),
        remark: String? = nil
    ) {
        self.remark = remark
        self.workers = workers
        self.policy = policy
        self.rules = rules
        self.seed = seed
        self.referenceWorker = referenceWorker
        self.buyerFunds = buyerFunds
        self.workerFloat = workerFloat
    }

    /// Auctions every task, wave after wave, until each is delivered or given up; returns the answers in task
    /// order. `buyer` is the agent that buys (its path names its account); winners run as its children.
    public func run(_ tasks: [MarketTask], in buyer: AgentContext) async throws -> [MarketDelivery] {
        // Claimed before the first suspension: a second call that arrives while this one awaits must not pass.
        guard !claimed else { throw MarketError.alreadyRun }
        claimed = true
        let clock = ContinuousClock()
        let started = clock.now
        self.buyer = "agent:" + buyer.path.rawValue
        ledger = Ledger(runID: buyer.runID)
        try openAccounts()
        var state = MarketState(tasks: tasks.map(\.spec), workers: workers, policy: policy, rules: rules, seed: seed)
        if let reference = workers.first(where: { $0.name == referenceWorker }) {
            allReferencePlan = tasks.map { reference.price(words: $0.spec.words, targetWords: $0.spec.targetWords) }.sum()
        }
        let scorer = SummaryQuality(corpus: tasks.map(\.source))
        let byName = Dictionary(workers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var answers: [Int: (worker: String, text: String, paid: Bool)] = [:]
        var lateAnswers: [Int: (worker: String, text: String)] = [:]

        while !state.isFinished {
            let funds = Dictionary(workers.map { ($0.name, (try? ledger.balance($0.account)) ?? .zero) }, uniquingKeysWith: { a, _ in a })
            let wave = state.nextWave(buyerFunds: try ledger.balance(self.buyer), workerFunds: funds)
            if wave.isEmpty { continue }  // tasks were closed for want of bids
            for award in wave where award.winner.price > .zero {
                try ledger.transfer(from: self.buyer, to: Self.escrow, amount: award.winner.price,
                                    path: buyer.path.rawValue, reason: "escrow \(award.announcement.taskID) round \(award.announcement.round) for \(award.winner.worker)")
            }
            let jobs = wave.map { award in
                let task = tasks[award.taskIndex]
                let worker = byName[award.winner.worker]!
                let sharing = wave.filter { $0.winner.worker == worker.name }.count
                let grant = Credits(micro: (funds[worker.name] ?? .zero).micro / Int64(sharing))
                // The agent's own time limit still holds when it is shorter than the market's cut-off.
                let limit = min(award.announcement.deadline * rules.cutoffFactor, worker.definition?.timeout?.inSeconds ?? .infinity)
                let waveStart = clock.now
                return ChildAgent("\(task.spec.id)-r\(award.announcement.round)-\(worker.name)", definition: worker.definition,
                                  timeout: .milliseconds(Int64(limit * 1000)), budget: Budget(credits: grant)) { job in
                    let text = try await task.work(worker, job)
                    let elapsed = clock.now - waveStart
                    return JobResult(text: text, credits: job.usage.credits,
                                     seconds: elapsed.inSeconds,
                                     path: job.path.rawValue)
                }
            }
            let outcomes = try await buyer.spawnAllSettled(jobs)
            for (award, outcome) in zip(wave, outcomes) {
                let worker = byName[award.winner.worker]!
                let taskID = award.announcement.taskID
                let marketOutcome: MarketState.Outcome
                switch outcome {
                case .succeeded(let result):
                    try payTokens(result.credits, worker: worker, path: result.path, taskID: taskID)
                    let score = scorer.score(source: tasks[award.taskIndex].source, summary: result.text,
                                             targetWords: award.announcement.targetWords).value
                    marketOutcome = .delivered(seconds: result.seconds, quality: score)
                    if result.seconds > award.announcement.deadline {
                        lateAnswers[award.taskIndex] = (worker.name, result.text)
                    } else {
                        answers[award.taskIndex] = (worker.name, result.text, true)
                    }
                case .failed(let failure):
                    marketOutcome = .failed(reason: failure.description)
                }
                let settlement = state.settle(award, outcome: marketOutcome)
                let path = buyer.path.rawValue
                if settlement.pay > .zero {
                    try ledger.transfer(from: Self.escrow, to: worker.account, amount: settlement.pay, path: path,
                                        reason: "pay \(taskID) (delivered on time)")
                }
                if settlement.refund > .zero {
                    try ledger.transfer(from: Self.escrow, to: self.buyer, amount: settlement.refund, path: path,
                                        reason: "refund \(taskID): \(worker.name) \(settlement.verdict == .late ? "late" : "failed")")
                }
            }
        }
        self.state = state
        wallSeconds = (clock.now - started).inSeconds
        return try tasks.indices.map { index in
            switch state.tasks[index].status {
            case .done(let worker, let paid):
                if paid, let answer = answers[index] { return MarketDelivery(taskID: tasks[index].spec.id, worker: answer.worker, text: answer.text, paid: true) }
                if let late = lateAnswers[index] { return MarketDelivery(taskID: tasks[index].spec.id, worker: late.worker, text: late.text, paid: false) }
                throw MarketError.undelivered(task: tasks[index].spec.id, worker: worker)
            case .abandoned, .pending, .awarded:
                throw MarketError.unawarded(task: tasks[index].spec.id, attempts: state.tasks[index].attempts)
            }
        }
    }

    private func openAccounts() throws {
        try ledger.open(buyer, balance: buyerFunds)
        try ledger.open(Self.escrow, balance: .zero)
        var sellers: [String] = []
        for worker in workers {
            try ledger.open(worker.account, balance: workerFloat)
            if !sellers.contains(worker.backendID) { sellers.append(worker.backendID) }
        }
        for seller in sellers { try ledger.open("backend:" + seller, balance: .zero) }
    }

    /// The worker pays its back end for the tokens the runtime metered (all it has, should rounding leave it short).
    private func payTokens(_ owed: Credits, worker: MarketWorker, path: String, taskID: String) throws {
        let amount = min(owed, try ledger.balance(worker.account))
        guard amount > .zero else { return }
        try ledger.transfer(from: worker.account, to: "backend:" + worker.backendID, amount: amount, path: path,
                            reason: "tokens for \(taskID)")
    }

    /// What happened: every round, each worker's record, and the ledger.
    public func report() -> MarketReport {
        MarketReport(market: self, ledger: ledger, state: state, buyer: buyer, allReferencePlan: allReferencePlan, wallSeconds: wallSeconds)
    }
}

struct JobResult: Sendable {
    var text: String
    var credits: Credits
    var seconds: Double
    var path: String
}

public enum MarketError: Error, Sendable, Hashable, CustomStringConvertible {
    case alreadyRun
    case unawarded(task: String, attempts: Int)
    case undelivered(task: String, worker: String)

    public var description: String {
        switch self {
        case .alreadyRun: "a market runs once; make a new one for another run"
        case .unawarded(let task, let attempts):
            "task \(task) found no worker that delivered (after \(attempts) auction(s)): no admissible bid is left"
        case .undelivered(let task, let worker): "task \(task) was closed on \(worker)'s delivery, which is missing"
        }
    }
}
