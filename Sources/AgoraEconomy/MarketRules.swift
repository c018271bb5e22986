import AgoraCore
/// The buyer's terms for every announcement of a market run.
public struct MarketRules: Sendable, Hashable {
    /// The least quality (0...1, by `SummaryQuality`) a bid must claim (or be expected to deliver).
    public var qualityFloor: Double
    /// How many times one task may be auctioned before the market gives up on it.
    public var maxAttempts: Int
    /// How many tasks are awarded together before their deliveries are scored; reputations learn between waves.
    public var waveSize: Int
    /// Seconds a worker has for a task of `referenceWords` words (proportionally more or less for others).
    public var deadlinePerReferenceTask: Double
    public var minimumDeadline: Double
    public var referenceWords: Int
    /// The most the buyer pays for a task: a base, plus so much for every 1,000 words of input.
    public var maxPriceBase: Credits
    public var maxPricePer1KWords: Credits
    /// A job still running at this multiple of its deadline is cancelled (and counts as failed).
    public var cutoffFactor: Double

    public init(
        qualityFloor: Double = 0.6,
        maxAttempts: Int = 3,
        waveSize: Int = 4,
        deadlinePerReferenceTask: Double = 1.0,
        minimumDeadline: Double = 0.5,
        referenceWords: Int = 500,
        maxPriceBase: Credits = Credits(1),
        maxPricePer1KWords: Credits = Credits(8),
        cutoffFactor: Double = 3
    ) {
        self.qualityFloor = qualityFloor
        self.maxAttempts = max(1, maxAttempts)
        self.waveSize = max(1, waveSize)
        self.deadlinePerReferenceTask = deadlinePerReferenceTask
        self.minimumDeadline = minimumDeadline
        self.referenceWords = max(1, referenceWords)
        self.maxPriceBase = maxPriceBase
        self.maxPricePer1KWords = maxPricePer1KWords
        self.cutoffFactor = max(1, cutoffFactor)
    }

    /// The announcement of `task` for its `round`-th auction.
    public func announcement(for task: MarketTaskSpec, round: Int) -> Announcement {
        let deadline = max(minimumDeadline, deadlinePerReferenceTask * Double(task.words) / Double(referenceWords))
        let maxPrice = Credits(micro: maxPriceBase.micro + maxPricePer1KWords.micro * Int64(task.words) / 1000)
        return Announcement(
            taskID: task.id, kind: task.kind, words: task.words, targetWords: task.targetWords,
            deadline: deadline, maxPrice: maxPrice, qualityFloor: qualityFloor, round: round)
    }
}

/// What the market needs to know of a task to announce it.
public struct MarketTaskSpec: Sendable, Hashable {
    public var id: String
    public var kind: String
    public var words: Int
    public var targetWords: Int

    public init(id: String, kind: String = "summarize-segment", words: Int, targetWords: Int) {
        self.id = id
        self.kind = kind
        self.words = words
        self.targetWords = targetWords
    }
}
