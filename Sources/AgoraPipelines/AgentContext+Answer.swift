import AgoraCore
import AgoraRuntime

extension AgentContext {
    /// Asks the model once as `agent`: its instructions are the system message, `text` the user message.
    ///
    /// With `words`, the request is a summarisation request of about that many words (the system message says so,
    /// the output is capped at `2 × words + 64` tokens, and any back end can serve it, the extractive summariser
    /// included); `document` and `position` let a back end rank against the whole source. This is the one way
    /// pipeline files and Swift pipelines ask a model, so both behave the same.
    ///
    /// ```swift
    /// let summary = try await context.answer(summarizer, text: notes, words: 80)
    /// ```
    public func answer(
        _ agent: AgentDefinition?,
        text: String,
        words: Int? = nil,
        temperature: Double? = nil,
        document: SourceDocument? = nil,
        position: Double? = nil,
        backend: String? = nil
    ) async throws -> String {
        var system = agent?.instructions ?? ""
        if let words { system += "\nAim at about \(words) words." }
        let request = ModelRequest(
            messages: (system.isEmpty ? [] : [.system(system)]) + [.user(text)],
            maxOutputTokens: words.map { $0 * 2 + 64 },
            temperature: temperature,
            summarization: words.map { SummarizationHint(targetWords: $0, document: document, position: position) }
        )
        return try await ask(request, backend: backend ?? agent?.backend).text
    }
}
