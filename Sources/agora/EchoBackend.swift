import AgoraCore
import AgoraLocal

/// The CLI's test double (`test:echo`, or `test` as older files name it): no model; it answers with the start of
/// the user message, so a pipeline's plumbing can be run anywhere.
struct EchoBackend: ModelBackend {
    let id: String
    let slots = 8

    func complete(_ request: ModelRequest) async throws -> ModelResponse {
        let user = request.messages.last { $0.role == .user }?.content ?? ""
        let words = user.split(whereSeparator: \.isWhitespace)
        let limit = request.summarization?.targetWords ?? 12
        return ModelResponse(text: words.prefix(limit).joined(separator: " "))
    }
}
