import AgoraCore
import Foundation

/// The lead baseline as a model back end (`local:lead`): the first sentences of the text, as many as reach the
/// target length. No ranking: it is what a summary must beat to be worth its cost (news summarisation's "lead-3",
/// made length-aware).
///
/// Sentences are parsed and cleaned exactly as for `ExtractiveBackend` (speaker labels, timestamps and fillers
/// gone), and those the extractive back end would not pick either (under `minWords` words or `minContentWords`
/// content words, such as "Okay." or "Right, yeah.") are skipped, so the two compare on the choice alone.
/// Like the extractive back end it serves summarisation requests only.
public struct LeadBackend: ModelBackend {
    public let id = "local:lead"
    public let slots: Int
    public let configuration: ExtractiveConfiguration

    public init(slots: Int = ProcessInfo.processInfo.activeProcessorCount, configuration: ExtractiveConfiguration = .default) {
        self.slots = max(1, slots)
        self.configuration = configuration
    }

    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        let (hint, text) = try ExtractiveBackend.summarisation(in: request, backend: id, what: "the lead baseline")
        try Task.checkCancellation()
        let lines = try Self.lead(of: DocumentModel(text: text, configuration: configuration), targetWords: hint.targetWords)
        return ExtractiveBackend.response(lines: lines, input: text)
    }

    /// The first eligible sentences in source order until their words first reach `targetWords`; the first
    /// sentence of all when none is eligible.
    static func lead(of model: DocumentModel, targetWords: Int) throws -> [String] {
        guard let first = model.sentences.first else { throw ExtractiveSummarizerError.noSentences }
        var lines: [String] = []
        var words = 0
        for sentence in model.sentences where DocumentModel.passes(sentence, model.configuration) {
            lines.append(sentence.text)
            words += sentence.words
            if words >= max(targetWords, 1) { break }
        }
        return lines.isEmpty ? [first.text] : lines
    }
}
