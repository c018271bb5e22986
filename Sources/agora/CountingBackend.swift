import AgoraCore
import Synchronization

/// A back end that adds up the token usage of its answers: what `agora eval` reports as the model's tokens,
/// apart from the extractive back end's (extractions and fallbacks) in the same swarm.
final class CountingBackend: ModelBackend {
    let base: any ModelBackend
    private let total = Mutex(TokenUsage.zero)

    init(_ base: any ModelBackend) { self.base = base }

    var id: String { base.id }
    var slots: Int { base.slots }
    var price: ModelPrice { base.price }
    var usage: TokenUsage { total.withLock { $0 } }

    func complete(_ request: ModelRequest) async throws -> ModelResponse {
        let response = try await base.complete(request)
        total.withLock { $0 = $0 + response.usage }
        return response
    }
}
