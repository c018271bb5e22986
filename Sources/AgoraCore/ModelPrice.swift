/// What a back end charges, in credits per 1,000 tokens. Local back ends are free or nearly so.
public struct ModelPrice: Sendable, Hashable, Codable {
    public var inputPer1K: Double
    public var outputPer1K: Double

    public init(inputPer1K: Double, outputPer1K: Double) {
        self.inputPer1K = inputPer1K
        self.outputPer1K = outputPer1K
    }

    public static let free = ModelPrice(inputPer1K: 0, outputPer1K: 0)

    /// The credits `usage` costs at this price.
    public func cost(of usage: TokenUsage) -> Credits {
        let input: Double = Double(usage.inputTokens) * inputPer1K
        let output: Double = Double(usage.outputTokens) * outputPer1K
        return Credits((input + output) / 1000)
    }
}

extension ModelBackend {
    /// Free unless a back end says otherwise.
    public var price: ModelPrice { .free }
}
