import AgoraCore
import Foundation

/// What a market run did: every round, who won what, each worker's record, and the ledger (accounts with opening
/// and closing balances, every transfer), so that anyone can check that money was conserved.
public struct MarketReport: Sendable, Codable {
    public struct WorkerSummary: Sendable, Hashable, Codable {
        public var name: String
        public var backend: String
        public var inputPer1K: Double
        public var outputPer1K: Double
        /// Tasks whose result is this worker's.
        public var won: Int
        /// Credits the buyer paid it.
        public var earned: Credits
        /// Credits it paid its back end for tokens.
        public var tokens: Credits
        public var reputation: Reputation

        enum CodingKeys: String, CodingKey {
            case name, backend, won, earned, tokens, reputation
            case inputPer1K = "input_per_1k", outputPer1K = "output_per_1k"
        }
    }

    public struct Assignment: Sendable, Hashable, Codable {
        public var task: String
        public var worker: String?
        public var paid: Bool
        public var auctions: Int
    }

    public var policy: AwardPolicy
    public var seed: UInt64
    public var assignments: [Assignment]
    public var rounds: [MarketState.Round]
    public var workers: [WorkerSummary]
    /// Credits the buyer paid workers.
    public var totalPaid: Credits
    /// Credits workers paid back ends for tokens.
    public var tokenCost: Credits
    /// What the same tasks would have cost at the reference worker's prices.
    public var allReferencePlan: Credits?
    public var referenceWorker: String?
    public var wallSeconds: Double
    /// What the reader should know of these workers (printed in the Markdown, not part of the JSON).
    public var remark: String? = nil
    public var accounts: [LedgerAccount]
    public var transfers: [LedgerEntry]

    enum CodingKeys: String, CodingKey {
        case policy, seed, assignments, rounds, workers, accounts, transfers
        case totalPaid = "total_paid", tokenCost = "token_cost", allReferencePlan = "all_reference_plan"
        case referenceWorker = "reference_worker", wallSeconds = "wall_seconds"
    }

    init(market: Market, ledger: Ledger, state: MarketState?, buyer: String, allReferencePlan: Credits?, wallSeconds: Double) {
        let entries = ledger.entries
        policy = market.policy
        seed = market.seed
        remark = market.remark
        referenceWorker = market.referenceWorker
        self.allReferencePlan = allReferencePlan
        self.wallSeconds = wallSeconds
        accounts = ledger.accounts
        transfers = entries
        let workerAccounts = Set(market.workers.map(\.account))
        totalPaid = entries.filter { $0.from == Market.escrow && workerAccounts.contains($0.to) }.map(\.amount).sum()
        tokenCost = entries.filter { workerAccounts.contains($0.from) && $0.to.hasPrefix("backend:") }.map(\.amount).sum()
        assignments = state?.tasks.map { task in
            switch task.status {
            case .done(let worker, let paid): Assignment(task: task.spec.id, worker: worker, paid: paid, auctions: task.attempts)
            default: Assignment(task: task.spec.id, worker: nil, paid: false, auctions: task.attempts)
            }
        } ?? []
        rounds = state?.rounds ?? []
        let assignments = self.assignments
        workers = market.workers.map { worker in
            WorkerSummary(
                name: worker.name, backend: worker.backendID,
                inputPer1K: worker.profile.price.inputPer1K, outputPer1K: worker.profile.price.outputPer1K,
                won: assignments.filter { $0.worker == worker.name }.count,
                earned: entries.filter { $0.from == Market.escrow && $0.to == worker.account }.map(\.amount).sum(),
                tokens: entries.filter { $0.from == worker.account && $0.to.hasPrefix("backend:") }.map(\.amount).sum(),
                reputation: state?.reputations[worker.name] ?? Reputation())
        }
    }

    /// True when the closing balances add up to the opening ones, to the micro-credit.
    public var isConserved: Bool {
        accounts.map(\.opening).sum() == accounts.map(\.closing).sum()
    }

    /// Auctions held beyond the first of each task.
    public var reauctions: Int { rounds.filter { $0.round > 1 }.count }

    /// The report as a Markdown section, to follow a digest.
    public var markdown: String {
        var out = "\n## Market ledger\n\n"
        out += "_Policy \(policy.rawValue) · seed \(seed) · \(assignments.count) tasks · \(rounds.count) auctions "
        out += "(\(reauctions) re-auctions) · \(String(format: "%.2f", wallSeconds)) s_\n\n"
        if let remark { out += remark + "\n\n" }
        out += "| Task | Round | Bids | Winner | Price | Claimed | Quality | Seconds | Deadline | Outcome |\n"
        out += "|---|---:|---:|---|---:|---:|---:|---:|---:|---|\n"
        for round in rounds {
            out += "| \(round.taskID) | \(round.round) | \(round.bids) | \(round.winner ?? "—") | \(round.price.short) | "
            out += "\(Self.figure(round.claimedQuality)) | \(Self.figure(round.quality)) | \(Self.figure(round.seconds)) | "
            out += "\(String(format: "%.2f", round.deadline)) | \(Self.describe(round.verdict)) |\n"
        }
        out += "\n| Worker | Back end | Price /1K in·out | Won | Earned | Paid for tokens | Trust | Mean quality | Late | Failed | Over-claims |\n"
        out += "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for worker in workers {
            out += "| \(worker.name) | \(worker.backend) | \(Self.price(worker.inputPer1K))·\(Self.price(worker.outputPer1K)) | \(worker.won) | "
            out += "\(worker.earned.short) | \(worker.tokens.short) | \(String(format: "%.2f", worker.reputation.trust)) | "
            out += "\(Self.figure(worker.reputation.observedQuality)) | \(worker.reputation.late) | \(worker.reputation.failures) | "
            out += "\(worker.reputation.overclaims) |\n"
        }
        out += "\n| Account | Opening | Closing |\n|---|---:|---:|\n"
        for account in accounts { out += "| \(account.name) | \(account.opening) | \(account.closing) |\n" }
        let opening = accounts.map(\.opening).sum()
        let closing = accounts.map(\.closing).sum()
        out += "| **total** | \(opening) | \(closing) |\n\n"
        out += "Paid to workers: \(totalPaid.short) credits (workers paid \(tokenCost.short) for tokens)"
        if let plan = allReferencePlan, let reference = referenceWorker {
            let share = plan.micro > 0 ? String(format: " (%.0f %%)", 100 * totalPaid.value / plan.value) : ""
            out += "; all-\(reference) plan: \(plan.short) credits\(share)"
        }
        out += ". \(transfers.count) transfers; money \(isConserved ? "conserved" : "NOT conserved").\n"
        return out
    }

    static func figure(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "—" }
    static func price(_ value: Double) -> String { value == 0 ? "0" : String(format: "%g", value) }

    static func describe(_ verdict: MarketState.Verdict) -> String {
        switch verdict {
        case .paid: "paid"
        case .late: "late: not paid"
        case .failed: "failed: not paid"
        case .noBid: "no admissible bid"
        }
    }
}
