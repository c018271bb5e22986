import AgoraCore

extension ModelRequest {
    /// What an agent with `instructions` asks a model about `text`.
    ///
    /// Without a `prompt`, the instructions are the system message (none when empty) and `text` the user message.
    /// With one (an agent file's `prompt:`), the user message is the prompt with `{text}` replaced by `material`
    /// (what a language model should read: `text` itself unless given), `{words}` by `words` and `{speakers}` by the
    /// speakers' names: the data delimited first, the task after it, so that a small model summarises the text
    /// instead of continuing it. Such a request also carries the sampling that suits summarisation on small models
    /// (greedy unless told, a frequency penalty, stop sequences) and `text` in its hint, for back ends that read no
    /// instructions.
    ///
    /// With `words` it is a summarisation request of about that many words: the output is capped at
    /// `summaryOutputTokens(words:)`, and the hint lets any back end serve it, the extractive summariser included;
    /// `document` and `position` let a back end rank against the whole source.
    ///
    /// The summarisation swarm's agents and a pipeline's agents (`AgentContext.answer`) both ask this way, which
    /// is why `Agents/pipelines/summarize.yaml` gives the swarm's digest byte for byte.
    public init(instructions: String, prompt: String? = nil, text: String, material: String? = nil, speakers: [String] = [],
                words: Int?, temperature: Double?, document: SourceDocument? = nil, position: Double? = nil) {
        guard let prompt else {
            var system = instructions
            if let words { system += "\nAim at about \(words) words." }
            self.init(
                messages: (system.isEmpty ? [] : [.system(system)]) + [.user(text)],
                maxOutputTokens: words.map(Self.summaryOutputTokens(words:)),
                temperature: temperature,
                hints: .summarization(words.map { SummarizationHint(targetWords: $0, document: document, position: position) })
            )
            return
        }
        let user = SummaryPrompt.fill(prompt, text: material ?? text, words: words, speakers: speakers)
        self.init(
            messages: (instructions.isEmpty ? [] : [.system(instructions)]) + [.user(user)],
            maxOutputTokens: words.map(Self.summaryOutputTokens(words:)),
            temperature: temperature ?? 0,
            frequencyPenalty: SummaryPrompt.frequencyPenalty,
            stop: SummaryPrompt.stop,
            hints: .summarization(words.map { SummarizationHint(targetWords: $0, document: document, position: position, text: text) })
        )
    }

    /// The output cap of a summarisation request of about `words` words: twice the words, and some.
    public static func summaryOutputTokens(words: Int) -> Int { words * 2 + 64 }

    /// The same request asked again after a degenerate answer: a stronger penalty on repeats and the form of the
    /// answer restated after the task.
    public func stricter() -> ModelRequest {
        var request = self
        request.temperature = 0
        request.frequencyPenalty = SummaryPrompt.stricterFrequencyPenalty
        if let last = request.messages.indices.last, request.messages[last].role == .user {
            request.messages[last].content += "\n\n" + SummaryPrompt.stricterReminder
        }
        return request
    }
}
