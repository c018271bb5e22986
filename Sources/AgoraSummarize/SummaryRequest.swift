import AgoraCore

extension ModelRequest {
    /// What an agent with `instructions` asks a model about `text`: the instructions are the system message (none
    /// when empty), `text` the user message. With `words` it is a summarisation request of about that many words:
    /// the system message says so, the output is capped at `summaryOutputTokens(words:)`, and the hint lets any
    /// back end serve it, the extractive summariser included; `document` and `position` let a back end rank
    /// against the whole source.
    ///
    /// The summarisation swarm's agents and a pipeline's agents (`AgentContext.answer`) both ask this way, which
    /// is why `Agents/pipelines/summarize.yaml` gives the swarm's digest byte for byte.
    public init(instructions: String, text: String, words: Int?, temperature: Double?, document: SourceDocument? = nil,
                position: Double? = nil) {
        var system = instructions
        if let words { system += "\nAim at about \(words) words." }
        self.init(
            messages: (system.isEmpty ? [] : [.system(system)]) + [.user(text)],
            maxOutputTokens: words.map(Self.summaryOutputTokens(words:)),
            temperature: temperature,
            summarization: words.map { SummarizationHint(targetWords: $0, document: document, position: position) }
        )
    }

    /// The output cap of a summarisation request of about `words` words: twice the words, and some.
    public static func summaryOutputTokens(words: Int) -> Int { words * 2 + 64 }
}
