import AgoraCore
import AgoraText
import Foundation

/// The extractive summariser as a model back end (`local:extractive`): no weights, no server.
///
/// It serves summarisation requests only (`request.summarization != nil`): the hint's `text`, else the `.user`
/// messages joined by newlines, are the text; the answer is the chosen sentences, cleaned, one a line, in source order, about
/// `targetWords` long. With `hint.document` it ranks against the whole document, whose statistics it computes
/// once per document and shares across every agent of the run.
///
/// ```swift
/// let backend = ExtractiveBackend()
/// let request = ModelRequest(messages: [.user(transcript)], hints: .summarization(SummarizationHint(targetWords: 100)))
/// print(try await backend.complete(request).text)
/// ```
public struct ExtractiveBackend: ModelBackend {
    public let id = "local:extractive"
    public let slots: Int
    public let configuration: ExtractiveConfiguration
    private let cache: DocumentModelCache

    public init(slots: Int = ProcessInfo.processInfo.activeProcessorCount, configuration: ExtractiveConfiguration = .default) {
        self.slots = max(1, slots)
        self.configuration = configuration
        self.cache = DocumentModelCache()
    }

    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        let (hint, text) = try Self.summarisation(in: request, backend: id, what: "the extractive summariser")
        try Task.checkCancellation()
        let model: DocumentModel
        if let document = hint.document {
            model = await cache.model(for: document, configuration: configuration)
        } else {
            model = DocumentModel(text: text, configuration: configuration)
        }
        try Task.checkCancellation()
        let lines = try ExtractiveSummarizer.summarize(
            text: text, targetWords: hint.targetWords, model: model, position: hint.position)
        return Self.response(lines: lines, input: text)
    }

    /// The hint and the text of a summarisation request, which is all the in-process back ends serve: the hint's
    /// `text`, else the `.user` messages joined by newlines. Anything else fails as unsupported by `backend`.
    static func summarisation(in request: ModelRequest, backend: String, what: String) throws -> (SummarizationHint, String) {
        guard let hint = request.summarization else {
            throw ModelBackendError.unsupported(
                backend: backend, reason: "\(what) only summarises (requests with a summarization hint); use an HTTP back end for chat")
        }
        return (hint, hint.text ?? request.messages.filter { $0.role == .user }.map(\.content).joined(separator: "\n"))
    }

    /// Chosen lines as an answer, one a line, with estimated token counts.
    static func response(lines: [String], input: String) -> ModelResponse {
        let output = lines.joined(separator: "\n")
        return ModelResponse(text: output, finishReason: .stop,
                             usage: TokenUsage(inputTokens: estimateTokens(input), outputTokens: estimateTokens(output)))
    }

    /// About four tokens for every three words, as English BPE vocabularies average.
    static func estimateTokens(_ text: String) -> Int {
        let words = WordCounter.count(text)
        return words == 0 ? 0 : (words * 4 + 2) / 3
    }
}
