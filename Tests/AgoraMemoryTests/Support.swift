import AgoraCore
import AgoraLocal
import AgoraTestSupport
import Foundation

/// A fresh folder under the system temporary folder, removed when the value is released.
final class TemporaryFolder: @unchecked Sendable {
    let url: URL

    init() throws {
        url = try FileManager.default.temporaryFolder()
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

/// A back end that counts tokens its own way (characters / 3.5 plus 3 a message, unlike the estimator), records every
/// request, answers summarisation requests with a short summary and other requests with a scripted turn.
final class CountingBackend: ModelBackend, @unchecked Sendable {
    let id = "test:counting"
    let slots = 1
    private let lock = NSLock()
    private var _requests: [ModelRequest] = []
    private var turn = 0
    let failSummaries: Bool
    let turnText: @Sendable (Int) -> ModelResponse

    init(failSummaries: Bool = false, turnText: @escaping @Sendable (Int) -> ModelResponse) {
        self.failSummaries = failSummaries
        self.turnText = turnText
    }

    var requests: [ModelRequest] { lock.withLock { _requests } }

    static func tokens(_ messages: [Message]) -> Int {
        messages.reduce(0) { total, message in
            let characters = message.content.count + message.toolCalls.reduce(0) { $0 + $1.name.count + $1.arguments.count + $1.id.count }
            return total + Int((Double(characters) / 3.5).rounded(.up)) + 3
        }
    }

    func complete(_ request: ModelRequest) async throws -> ModelResponse {
        let index: Int = lock.withLock {
            _requests.append(request)
            turn += 1
            return turn
        }
        let usage = TokenUsage(inputTokens: Self.tokens(request.messages), outputTokens: 10)
        if let hint = request.summarization {
            if failSummaries { throw ModelBackendError.unsupported(backend: id, reason: "no summaries today") }
            let words = request.messages.last?.content.split(separator: " ").prefix(min(hint.targetWords, 30)) ?? []
            return ModelResponse(text: "SUMMARY: " + words.joined(separator: " "), usage: usage)
        }
        var response = turnText(index)
        response.usage = usage
        return response
    }
}
