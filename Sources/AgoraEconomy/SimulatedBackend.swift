import AgoraCore
import AgoraLocal

/// A priced, timed stand-in for a model back end: it asks `base` (the extractive summariser, in the demo), then
/// bends the answer as its `behaviour` says and waits as long as its latency and speed say.
///
/// It exists because the demo and the tests have no real paid model to call: a simulated "premium" worker is
/// the local summariser behind a price and a latency, not a better model. Any `ModelBackend` with a price (an
/// HTTP back end, say) can serve a market worker in its place.
public struct SimulatedBackend: ModelBackend {
    public enum Behaviour: String, Sendable, Hashable {
        /// The base back end's answer as it is.
        case faithful
        /// Keeps every other sentence of the answer (a sloppy worker).
        case dropsSentences
        /// Keeps the first two sentences and repeats them to the asked length (an over-claiming worker).
        case padsWithRepeats
    }

    public let id: String
    public let slots: Int
    public let price: ModelPrice
    public let base: any ModelBackend
    /// Seconds before the answer, whatever its length.
    public let latency: Double
    /// Output speed; the answer takes `outputTokens / tokensPerSecond` more seconds.
    public let tokensPerSecond: Double
    public let behaviour: Behaviour

    public init(id: String, base: any ModelBackend, price: ModelPrice, slots: Int = 2, latency: Double = 0, tokensPerSecond: Double = 10_000, behaviour: Behaviour = .faithful) {
        self.id = id
        self.base = base
        self.price = price
        self.slots = max(1, slots)
        self.latency = max(0, latency)
        self.tokensPerSecond = max(1, tokensPerSecond)
        self.behaviour = behaviour
    }

    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        var response = try await base.complete(request)
        let lines = response.text.split(whereSeparator: \.isNewline).map(String.init)
        switch behaviour {
        case .faithful:
            break
        case .dropsSentences:
            response.text = lines.enumerated().filter { $0.offset % 2 == 0 }.map(\.element).joined(separator: "\n")
        case .padsWithRepeats:
            let kept = Array(lines.prefix(2))
            let target = request.summarization?.targetWords ?? 100
            var out: [String] = []
            var words = 0
            while !kept.isEmpty, words < target {
                let line = kept[out.count % kept.count]
                out.append(line)
                words += line.split(separator: " ").count
            }
            response.text = out.joined(separator: "\n")
        }
        if behaviour != .faithful {
            let words = response.text.split(whereSeparator: { $0.isWhitespace }).count
            response.usage.outputTokens = (words * 4 + 2) / 3
        }
        let seconds = latency + Double(response.usage.outputTokens) / tokensPerSecond
        try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
        return response
    }
}
