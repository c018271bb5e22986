import AgoraCore

/// Estimates how many tokens a prompt costs: characters / 4 plus a few tokens per message, times a calibration
/// factor learned from what the back end reported (`ModelResponse.usage.inputTokens`) for a prompt it was sent.
///
/// The estimate is fast and needs no tokenizer; after one call the back end's own count corrects it, so it tracks
/// the real tokenizer closely enough for a budget with a small safety margin.
public struct TokenCounter: Sendable, Hashable {
    public var charactersPerToken: Double
    /// Tokens a chat template adds around each message (role markers and separators).
    public var tokensPerMessage: Int
    /// Reported tokens / estimated tokens, from the last calibration; 1 until then.
    public private(set) var calibration: Double = 1
    public init(charactersPerToken: Double = 4, tokensPerMessage: Int = 4) {
        self.charactersPerToken = charactersPerToken
        self.tokensPerMessage = tokensPerMessage
    }

    /// The uncalibrated estimate.
    public func rawEstimate(_ messages: [Message]) -> Int {
        messages.reduce(0) { $0 + rawEstimate($1) }
    }

    public func rawEstimate(_ message: Message) -> Int {
        var characters = message.content.count
        for call in message.toolCalls { characters += call.name.count + call.arguments.count + call.id.count }
        return Int((Double(characters) / charactersPerToken).rounded(.up)) + tokensPerMessage
    }

    public func rawEstimate(text: String) -> Int {
        Int((Double(text.count) / charactersPerToken).rounded(.up))
    }

    /// The calibrated estimate for a prompt.
    public func estimate(_ messages: [Message]) -> Int {
        Int((Double(rawEstimate(messages)) * calibration).rounded(.up))
    }

    /// The calibrated estimate for a piece of text inside a message.
    public func estimate(text: String) -> Int {
        Int((Double(rawEstimate(text: text)) * calibration).rounded(.up))
    }

    /// About how many characters make `tokens` tokens (calibrated).
    public func characters(forTokens tokens: Int) -> Int {
        max(0, Int(Double(tokens) * charactersPerToken / calibration))
    }

    /// Learns from a back end's exact count of a prompt it was sent. Ignores reports of 0 (a back end that does
    /// not count). The factor is clamped to 0.25…4 so one odd report cannot wreck the budget.
    public mutating func calibrate(sent messages: [Message], reportedInputTokens: Int) {
        let raw = rawEstimate(messages)
        guard reportedInputTokens > 0, raw > 0 else { return }
        calibration = min(4, max(0.25, Double(reportedInputTokens) / Double(raw)))
    }
}
