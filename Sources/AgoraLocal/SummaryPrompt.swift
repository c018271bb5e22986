import AgoraText

/// How the summarisation agents' prompts are filled in and sampled: the parts of a request that are policy
/// rather than an agent's own words (those live in `Agents/*.md`).
public enum SummaryPrompt {
    /// Replaces `{text}`, `{words}` and `{speakers}` in an agent's prompt. `{speakers}` becomes
    /// ` (speakers: Priya, Tom and Lena)`, or nothing when no speaker is known, so a template reads well either way.
    public static func fill(_ prompt: String, text: String, words: Int?, speakers: [String]) -> String {
        var filled = prompt.replacingOccurrences(of: "{speakers}", with: speakerPhrase(speakers))
        filled = filled.replacingOccurrences(of: "{words}", with: words.map(String.init) ?? "a few")
        // Last, so that braces inside the text are never read as placeholders.
        return filled.replacingOccurrences(of: "{text}", with: text)
    }

    /// At most eight names: a long list would crowd the prompt of a small model.
    static func speakerPhrase(_ speakers: [String]) -> String {
        let names = Array(speakers.prefix(8))
        switch names.count {
        case 0: return ""
        case 1: return " (speaker: \(names[0]))"
        default: return " (speakers: " + names.dropLast().joined(separator: ", ") + " and " + names.last! + ")"
        }
    }

    /// What a language model reads of a segment: each turn's words, cleaned of fillers and stutters, one paragraph
    /// a turn, without timestamps or speaker labels (the speakers are named in the prompt). Labelled lines make a
    /// small model continue the dialogue (`Priya: Okay. Marcus: Okay. …`); plain paragraphs make it summarise.
    /// Turns of three words or fewer ("Okay.", "Lena?") carry nothing and are left out.
    public static func material(of turns: [Transcript.Turn]) -> String {
        turns.compactMap { turn in
            let sentences = SentenceSplitter.split(turn.text).map { SpokenCleaner.clean($0) }.filter { !$0.isEmpty }
            let paragraph = sentences.joined(separator: " ")
            return WordCounter.count(paragraph) > 3 ? paragraph : nil
        }.joined(separator: "\n")
    }

    /// Extracted sentences as a model reads them: a list, one a line.
    public static func material(ofSentences sentences: [String]) -> String {
        sentences.map { "- " + $0 }.joined(separator: "\n")
    }

    /// Greedy decoding with this penalty kept SmolLM2-135M out of the loops it fell into at 0 (measured on the
    /// example meeting); OpenAI, llama.cpp, vLLM and Ollama all take `frequency_penalty`.
    static let frequencyPenalty = 0.5
    static let stricterFrequencyPenalty = 1.0
    /// A new data block or a run of blank lines means the model has stopped summarising. OpenAI takes at most four.
    static let stop = ["\"\"\"", "\n\n\n"]
    static let stricterReminder =
        "Answer with plain sentences only: no names followed by a colon, no timestamps, no lists, nothing repeated."
}
