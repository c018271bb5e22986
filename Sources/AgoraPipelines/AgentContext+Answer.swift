import AgoraCore
import AgoraLocal
import AgoraRuntime

extension AgentContext {
    /// Asks the model once as `agent`: its instructions are the system message, `text` the user message (framed by
    /// the agent's `prompt` when it has one and `words` is given).
    ///
    /// With `words`, the request is a summarisation request of about that many words, asked as the summarisation
    /// swarm asks (`ModelRequest(instructions:text:words:...)`); `document` and `position` let a back end rank
    /// against the whole source. This is the one way pipeline files and Swift pipelines ask a model, so both
    /// behave the same.
    ///
    /// A summarisation request whose text is over the back end's context is split, as the summarisation swarm
    /// splits its segments: two child agents (`split-1`, `split-2`) answer a half each, at line boundaries, and
    /// their answers are joined.
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
        @Sendable func attempt(_ context: AgentContext, _ text: String) async throws -> String {
            // An agent's prompt frames summarisation requests only: a chat question is sent as it is.
            let request = ModelRequest(instructions: agent?.instructions ?? "", prompt: words == nil ? nil : agent?.prompt, text: text,
                                       words: words, temperature: temperature, document: document, position: position)
            return try await context.ask(request, backend: backend ?? agent?.backend).text
        }
        // A chat request is not split: halves of a question would be two other questions.
        guard words != nil else { return try await attempt(self, text) }
        return try await splittingOnContextOverflow(
            text, definition: agent, note: "text over the back end's context: split in two",
            halves: Self.halves(of:), combine: { $0.joined(separator: "\n") }, attempt)
    }

    /// Two halves of `text` cut at the line boundary nearest its middle (a transcript's turn, a summary's
    /// sentence), else at the word boundary nearest it; nil when it is a single word.
    static func halves(of text: String) -> (String, String)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        if lines.count >= 2 {
            let total = lines.reduce(0) { $0 + $1.utf8.count }
            var running = 0
            var cut = 1
            var bestGap = Int.max
            for (index, line) in lines.enumerated().dropLast() {
                running += line.utf8.count
                let gap = abs(running * 2 - total)
                if gap < bestGap { (cut, bestGap) = (index + 1, gap) }
            }
            return (lines[..<cut].joined(separator: "\n"), lines[cut...].joined(separator: "\n"))
        }
        let words = text.split(whereSeparator: \.isWhitespace)
        guard words.count >= 2 else { return nil }
        let middle = words.count / 2
        return (words[..<middle].joined(separator: " "), words[middle...].joined(separator: " "))
    }
}
