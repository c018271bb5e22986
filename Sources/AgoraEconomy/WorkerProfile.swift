import AgoraCore

/// What a worker's back end charges and how fast it serves: the facts a worker bids from.
///
/// `price` is the back end's own `ModelBackend.price`; speed is how many tokens a second one request moves, how
/// many requests it serves at once (`slots`), and a fixed latency per request.
public struct WorkerProfile: Sendable, Hashable {
    public var price: ModelPrice
    public var tokensPerSecond: Double
    public var slots: Int
    /// Seconds every request pays before its first token (queueing, network, prompt processing).
    public var latency: Double
    /// Added to the token cost in a bid: the worker's margin (0.2 = 20 %).
    public var markup: Double
    /// The quality a worker claims before it has a record of its own.
    public var advertisedQuality: Double

    public init(price: ModelPrice, tokensPerSecond: Double, slots: Int = 1, latency: Double = 0, markup: Double = 0.2, advertisedQuality: Double = 0.7) {
        self.price = price
        self.tokensPerSecond = max(1, tokensPerSecond)
        self.slots = max(1, slots)
        self.latency = max(0, latency)
        self.markup = max(0, markup)
        self.advertisedQuality = advertisedQuality
    }

    /// The tokens a task of `words` words in and `targetWords` words out uses (four tokens for three words,
    /// plus the instructions).
    public static func tokens(words: Int, targetWords: Int) -> TokenUsage {
        TokenUsage(inputTokens: (words * 4 + 2) / 3 + 60, outputTokens: (targetWords * 4 + 2) / 3)
    }

    /// What the back end will charge for such a task.
    public func cost(words: Int, targetWords: Int) -> Credits {
        price.cost(of: Self.tokens(words: words, targetWords: targetWords))
    }

    /// Seconds one request takes once it has a slot.
    public func seconds(words: Int, targetWords: Int) -> Double {
        latency + Double(Self.tokens(words: words, targetWords: targetWords).totalTokens) / tokensPerSecond
    }

    /// Seconds until the task is done when `queued` tasks were taken before it: requests share the slots.
    public func completionSeconds(words: Int, targetWords: Int, queued: Int) -> Double {
        let rounds = queued / slots + 1
        return Double(rounds) * seconds(words: words, targetWords: targetWords)
    }
}
