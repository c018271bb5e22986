import AgoraCore
/// A buyer's call for bids on one task (contract net: announce → bid → award).
public struct Announcement: Sendable, Hashable, Codable {
    /// The task's id, such as `segment-3`.
    public var taskID: String
    /// What is asked, such as `summarize-segment`.
    public var kind: String
    /// Size of the input, in words.
    public var words: Int
    /// Length of the wanted answer, in words.
    public var targetWords: Int
    /// Seconds from the award within which delivery counts as on time.
    public var deadline: Double
    /// The most the buyer will pay.
    public var maxPrice: Credits
    /// The least quality (0...1, by the buyer's heuristic) the buyer will accept a bid for.
    public var qualityFloor: Double
    /// 1 for the first auction of the task, 2 for its first re-auction, ...
    public var round: Int

    public init(taskID: String, kind: String, words: Int, targetWords: Int, deadline: Double, maxPrice: Credits, qualityFloor: Double, round: Int = 1) {
        self.taskID = taskID
        self.kind = kind
        self.words = words
        self.targetWords = targetWords
        self.deadline = deadline
        self.maxPrice = maxPrice
        self.qualityFloor = qualityFloor
        self.round = round
    }
}

/// A worker's offer: the price it asks, when it says it will deliver, and the quality it claims.
public struct Bid: Sendable, Hashable, Codable {
    public var worker: String
    public var price: Credits
    public var estimatedSeconds: Double
    public var claimedQuality: Double

    public init(worker: String, price: Credits, estimatedSeconds: Double, claimedQuality: Double) {
        self.worker = worker
        self.price = price
        self.estimatedSeconds = estimatedSeconds
        self.claimedQuality = claimedQuality
    }
}
