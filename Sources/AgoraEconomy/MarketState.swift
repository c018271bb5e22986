import AgoraCore
/// The market's decisions as a pure state machine: which tasks are announced in the next wave and who wins them,
/// and what each delivery (or failure) means for payment, reputation and re-auction. It never waits and never
/// reads a clock; the `Market` actor runs the jobs and feeds their outcomes back, so every rule is testable
/// without timing.
public struct MarketState: Sendable {
    public enum Status: Sendable, Hashable {
        case pending
        case awarded
        /// Finished: `worker`'s delivery is the result; `paid` is false for a late delivery used as a last resort.
        case done(worker: String, paid: Bool)
        /// No admissible bid, or every attempt failed with nothing delivered.
        case abandoned
    }

    public struct Task: Sendable, Hashable {
        public let spec: MarketTaskSpec
        public internal(set) var status: Status = .pending
        /// Auctions held so far.
        public internal(set) var attempts = 0
        /// Workers that failed or were late on this task: they may not bid on it again.
        public internal(set) var excluded: Set<String> = []
        /// The last worker that delivered late, whose work is kept as a last resort.
        public internal(set) var lateWorker: String?
    }

    /// One award: the announcement, every bid made on it, and the winner.
    public struct Award: Sendable, Hashable {
        public var taskIndex: Int
        public var announcement: Announcement
        public var bids: [Bid]
        public var winner: Bid
    }

    public enum Outcome: Sendable, Hashable {
        /// Delivered after `seconds` (counted from the award), with the buyer's quality score.
        case delivered(seconds: Double, quality: Double)
        case failed(reason: String)
    }

    public enum Verdict: String, Sendable, Hashable, Codable {
        /// On time: the buyer pays the price.
        case paid
        /// After the deadline: not paid, re-auctioned.
        case late
        /// No delivery: not paid, re-auctioned.
        case failed
        /// No admissible bid.
        case noBid = "no-bid"
    }

    /// What settling one award decided.
    public struct Settlement: Sendable, Hashable {
        public var award: Award
        public var verdict: Verdict
        /// Escrow → worker.
        public var pay: Credits
        /// Escrow → buyer.
        public var refund: Credits
        public var reputationBefore: Reputation
        public var reputationAfter: Reputation
        /// The task goes back to auction.
        public var reauctioned: Bool
    }

    /// One line of the market's history, for the report.
    public struct Round: Sendable, Hashable, Codable {
        public var taskID: String
        public var round: Int
        public var bids: Int
        public var winner: String?
        public var price: Credits
        public var claimedQuality: Double?
        public var quality: Double?
        public var seconds: Double?
        public var deadline: Double
        public var verdict: Verdict

        enum CodingKeys: String, CodingKey {
            case round, bids, winner, price, quality, seconds, deadline, verdict
            case taskID = "task"
            case claimedQuality = "claimed_quality"
        }
    }

    public let policy: AwardPolicy
    public let rules: MarketRules
    public let workers: [MarketWorker]
    public private(set) var tasks: [Task]
    public private(set) var reputations: [String: Reputation]
    public private(set) var rounds: [Round] = []
    private var generator: SplitMix64

    public init(tasks: [MarketTaskSpec], workers: [MarketWorker], policy: AwardPolicy, rules: MarketRules = MarketRules(), seed: UInt64 = 1) {
        self.tasks = tasks.map { Task(spec: $0) }
        self.workers = workers
        self.policy = policy
        self.rules = rules
        self.generator = SplitMix64(seed: seed)
        self.reputations = Dictionary(workers.map { ($0.name, Reputation()) }, uniquingKeysWith: { first, _ in first })
    }

    public var isFinished: Bool {
        tasks.allSatisfy { task in
            switch task.status {
            case .done, .abandoned: true
            case .pending, .awarded: false
            }
        }
    }

    /// Announces pending tasks in order and awards each to the policy's choice, until `rules.waveSize` tasks
    /// are awarded or no worker can take the next one before its deadline (it waits for the next wave).
    /// A task that gets no admissible bid in an otherwise empty wave can never be awarded: it is closed.
    ///
    /// - Parameters:
    ///   - buyerFunds: what the buyer can still pay; the maximum price of each announcement is capped by it.
    ///   - workerFunds: what each worker can spend on tokens.
    public mutating func nextWave(buyerFunds: Credits, workerFunds: [String: Credits]) -> [Award] {
        var awards: [Award] = []
        var queued: [String: Int] = [:]
        var committed = Credits.zero
        for index in tasks.indices where tasks[index].status == .pending {
            guard awards.count < rules.waveSize else { break }
            let task = tasks[index]
            var announcement = rules.announcement(for: task.spec, round: task.attempts + 1)
            announcement.maxPrice = min(announcement.maxPrice, buyerFunds - committed)
            let bids = workers.filter { !task.excluded.contains($0.name) }.compactMap { worker in
                worker.bid(on: announcement, reputation: reputations[worker.name] ?? Reputation(),
                           queued: queued[worker.name, default: 0], funds: workerFunds[worker.name] ?? .zero)
            }
            let draw = policy == .random ? Double(generator.next() >> 11) / Double(1 << 53) : 0
            guard let winner = policy.choose(from: bids, for: announcement, reputations: reputations, draw: draw) else {
                if !awards.isEmpty { break }
                close(index, announcement: announcement, bids: bids.count)
                continue
            }
            tasks[index].attempts += 1
            tasks[index].status = .awarded
            queued[winner.worker, default: 0] += 1
            committed = committed + winner.price
            awards.append(Award(taskIndex: index, announcement: announcement, bids: bids, winner: winner))
        }
        return awards
    }

    /// Settles an award with its outcome: pays an on-time delivery, refunds the buyer for a late or failed one
    /// and puts the task back to auction (at most `rules.maxAttempts` auctions; then a late delivery is used
    /// unpaid, or the task is abandoned), and updates the winner's reputation.
    public mutating func settle(_ award: Award, outcome: Outcome) -> Settlement {
        let index = award.taskIndex
        let worker = award.winner.worker
        let before = reputations[worker] ?? Reputation()
        var verdict: Verdict
        var round = Round(
            taskID: award.announcement.taskID, round: award.announcement.round, bids: award.bids.count, winner: worker,
            price: award.winner.price, claimedQuality: award.winner.claimedQuality, quality: nil, seconds: nil,
            deadline: award.announcement.deadline, verdict: .failed)
        let after: Reputation
        switch outcome {
        case .failed:
            verdict = .failed
            after = before.updated(with: .failed)
        case .delivered(let seconds, let quality):
            let late = seconds > award.announcement.deadline
            verdict = late ? .late : .paid
            after = before.updated(with: .delivered(claimed: award.winner.claimedQuality, observed: quality, late: late))
            round.quality = quality
            round.seconds = seconds
        }
        reputations[worker] = after
        round.verdict = verdict
        rounds.append(round)

        var reauctioned = false
        if verdict == .paid {
            tasks[index].status = .done(worker: worker, paid: true)
        } else {
            tasks[index].excluded.insert(worker)
            if verdict == .late { tasks[index].lateWorker = worker }
            if tasks[index].attempts < rules.maxAttempts {
                tasks[index].status = .pending
                reauctioned = true
            } else if let late = tasks[index].lateWorker {
                tasks[index].status = .done(worker: late, paid: false)
            } else {
                tasks[index].status = .abandoned
            }
        }
        return Settlement(
            award: award, verdict: verdict, pay: verdict == .paid ? award.winner.price : .zero,
            refund: verdict == .paid ? .zero : award.winner.price, reputationBefore: before, reputationAfter: after,
            reauctioned: reauctioned)
    }

    private mutating func close(_ index: Int, announcement: Announcement, bids: Int) {
        rounds.append(Round(
            taskID: announcement.taskID, round: announcement.round, bids: bids, winner: nil, price: .zero,
            claimedQuality: nil, quality: nil, seconds: nil, deadline: announcement.deadline, verdict: .noBid))
        if let late = tasks[index].lateWorker {
            tasks[index].status = .done(worker: late, paid: false)
        } else {
            tasks[index].status = .abandoned
        }
    }
}
