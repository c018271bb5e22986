/// How the summarisation swarm cuts and combines a transcript.
public struct SummarizeOptions: Sendable, Hashable {
    /// Words per map segment; segments end at turn boundaries.
    public var segmentWords: Int
    /// How many summaries one reducer combines.
    public var fanIn: Int
    /// Length of the key takeaways (the top of the reduce tree), in words.
    public var summaryWords: Int
    /// Length of each part of the detailed summary, in words.
    public var sectionWords: Int
    /// Length of the TL;DR, in words.
    public var tldrWords: Int
    /// The back end every agent asks; nil means the swarm's default.
    public var backend: String?
    /// Set for a language-model back end: every answer is reviewed (`AnswerReview`), a degenerate one is asked
    /// again once with a stricter request, and if that fails too the node takes this back end's pick instead
    /// (usually `local:extractive`, which the swarm must also have). Nil: answers are taken as they come.
    public var fallbackBackend: String?
    /// Extract, then abstract: each map agent first takes its segment's most salient sentences from
    /// `fallbackBackend` (ranked with the whole transcript's statistics) and hands the model those instead of the
    /// whole segment: several times fewer prompt tokens, and less room to invent.
    public var extractFirst: Bool

    public init(
        segmentWords: Int = 500,
        fanIn: Int = 4,
        summaryWords: Int = 150,
        sectionWords: Int = 120,
        tldrWords: Int = 40,
        backend: String? = nil,
        fallbackBackend: String? = nil,
        extractFirst: Bool = false
    ) {
        self.segmentWords = segmentWords
        self.fanIn = fanIn
        self.summaryWords = summaryWords
        self.sectionWords = sectionWords
        self.tldrWords = tldrWords
        self.backend = backend
        self.fallbackBackend = fallbackBackend
        self.extractFirst = extractFirst
    }

    /// Checks the options make sense, naming the offending option.
    public func validate() throws {
        if fanIn < 2 { throw SummarizeError.badOption(name: "fan-in", reason: "must be at least 2 (got \(fanIn))") }
        if segmentWords < 20 { throw SummarizeError.badOption(name: "segment-words", reason: "must be at least 20 (got \(segmentWords))") }
        if summaryWords < 1 { throw SummarizeError.badOption(name: "words", reason: "must be at least 1 (got \(summaryWords))") }
        if sectionWords < 1 { throw SummarizeError.badOption(name: "section-words", reason: "must be at least 1 (got \(sectionWords))") }
        if tldrWords < 1 { throw SummarizeError.badOption(name: "tldr-words", reason: "must be at least 1 (got \(tldrWords))") }
        if extractFirst, fallbackBackend == nil {
            throw SummarizeError.badOption(name: "extract-first", reason: "needs a language-model back end (the extractive one picks sentences already)")
        }
    }
}

public enum SummarizeError: Error, Sendable, Hashable, CustomStringConvertible {
    case badOption(name: String, reason: String)
    case noText
    case noSentences

    public var description: String {
        switch self {
        case .badOption(let name, let reason): "--\(name) \(reason)"
        case .noText: "the transcript has no text"
        case .noSentences: "the transcript has no sentences to summarise"
        }
    }
}
