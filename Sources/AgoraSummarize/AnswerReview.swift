import AgoraCore
import AgoraText

/// Reads a language model's summary and keeps what may move up the swarm's tree: plain sentences about the input.
///
/// A small model answers with loops (`The team is also working on … The team is also working on …`), echoes the
/// transcript's labels and timestamps (`A: [00:45:48] A: [Lena]`), writes nothing, or invents a story that shares
/// nothing with its input. Each sentence is judged on its own (a bad one is dropped); the answer as a whole is
/// rejected when nothing is left, when most of it was bad, or when it shares little with the input.
///
/// ```swift
/// let review = AnswerReview(input: segmentText, speakers: ["Priya", "Tom"])
/// if case .accepted(let sentences) = review.review(response) { ... }
/// ```
public struct AnswerReview: Sendable {
    public enum Verdict: Sendable, Hashable {
        case accepted([String])
        case rejected(reason: String)
    }

    /// Why one sentence may not stand in a digest.
    public enum Flaw: String, Sendable, Hashable {
        case timestamp = "an echoed timestamp"
        case speakerLabel = "an echoed speaker label"
        case notASentence = "not a sentence"
        case loop = "a repetition loop"
        case scaffolding = "the prompt's own words"
    }

    let speakers: Set<String>
    let inputStems: Set<String>

    /// The least share of an answer's content words that must occur in its input (stemmed). An abstract of the
    /// text reuses its words; SmolLM2-135M's accepted answers on the example meeting share 55–80 %, its invented
    /// stories under 20 %.
    static let minimumOverlap = 0.3

    public init(input: String, speakers: [String]) {
        self.speakers = Set(speakers.map { $0.lowercased() })
        self.inputStems = Set(Self.contentStems(input))
    }

    /// - Parameter lenient: keep whatever clean sentences an answer has, however many of its others were bad (for
    ///   an answer asked again: each sentence kept still passed every check; only "mostly bad" is waived).
    public func review(_ response: ModelResponse, lenient: Bool = false) -> Verdict {
        var sentences = Self.sentences(in: response.text)
        // Cut off by the output cap: the last sentence is unfinished.
        if response.finishReason == .length, let last = sentences.last, !Self.endsLikeASentence(last) {
            sentences.removeLast()
        }
        guard !sentences.isEmpty else { return .rejected(reason: "no sentences") }
        var kept: [String] = []
        var flaws: [Flaw] = []
        var seen: Set<String> = []
        var phrases: Set<[String]> = []
        for sentence in sentences {
            if let flaw = flaw(of: sentence) {
                flaws.append(flaw)
            } else if !seen.insert(Self.key(sentence)).inserted {
                flaws.append(.loop)
            } else {
                // A sentence that repeats a six-word run of an earlier one is the start of a loop
                // (`…, and they're going to make it available for all devices in 12 months.` three times).
                let runs = Self.phrases(of: sentence)
                if !runs.isDisjoint(with: phrases) {
                    flaws.append(.loop)
                } else {
                    phrases.formUnion(runs)
                    kept.append(sentence)
                }
            }
        }
        guard !kept.isEmpty else { return .rejected(reason: Self.mostCommon(flaws)?.rawValue ?? "no sentences") }
        if !lenient, flaws.count > kept.count { return .rejected(reason: Self.mostCommon(flaws)!.rawValue) }
        let stems = kept.flatMap(Self.contentStems)
        if !stems.isEmpty, !inputStems.isEmpty {
            let shared = stems.filter(inputStems.contains).count
            if Double(shared) / Double(stems.count) < Self.minimumOverlap { return .rejected(reason: "shares little with its input") }
        }
        return .accepted(kept)
    }

    /// The flaw of one sentence, if it has one.
    public func flaw(of sentence: String) -> Flaw? {
        if Self.hasTimestamp(sentence) { return .timestamp }
        if startsWithLabel(sentence) { return .speakerLabel }
        if sentence.contains("\"\"\"") || sentence.lowercased().hasPrefix("here is what was said") { return .scaffolding }
        let words = sentence.split(whereSeparator: \.isWhitespace)
        if words.count < 3 || !sentence.contains(where: \.isLetter) { return .notASentence }
        if Self.loops(words) { return .loop }
        return nil
    }

    /// `Priya:`, `A:`, `Speaker 2:`, `[Lena]`: a label of the speaker's name or of one to two short words.
    func startsWithLabel(_ sentence: String) -> Bool {
        let trimmed = sentence.drop { $0 == " " || $0 == "*" }
        if trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]") {
            let inside = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
            return inside.split(separator: " ").count <= 2
        }
        guard let colon = trimmed.prefix(32).firstIndex(of: ":") else { return false }
        let label = trimmed[..<colon].trimmingWhitespace()
        if speakers.contains(label.lowercased()) { return true }
        let parts = label.split(separator: " ")
        // "A:", "B:", "Speaker 2:", "User:"; but not "Decision: ship on the 7th" (a word a summary may use).
        if parts.count == 1, label.count == 1, label.first!.isUppercase { return true }
        if parts.count == 2, parts[1].allSatisfy(\.isNumber) { return true }
        return ["user", "assistant", "speaker", "q", "a", "me"].contains(label.lowercased())
    }

    static func hasTimestamp(_ sentence: String) -> Bool {
        sentence.range(of: #"\b\d{1,2}:\d{2}(:\d{2})?\b"#, options: .regularExpression) != nil
            && (sentence.contains("[") || sentence.range(of: #"\d{1,2}:\d{2}:\d{2}"#, options: .regularExpression) != nil)
    }

    /// A word three-gram three times in one sentence, or one word four times in a row.
    static func loops(_ words: [Substring]) -> Bool {
        let lowered = words.map { $0.lowercased() }
        var run = 1
        for index in lowered.indices.dropFirst() {
            run = lowered[index] == lowered[index - 1] ? run + 1 : 1
            if run >= 4 { return true }
        }
        guard lowered.count >= 9 else { return false }
        var counts: [String: Int] = [:]
        for index in 0...(lowered.count - 3) {
            let gram = lowered[index..<(index + 3)].joined(separator: " ")
            counts[gram, default: 0] += 1
            if counts[gram]! >= 3 { return true }
        }
        return false
    }

    /// A model's answer as sentences: one a line or several in a paragraph; bullets and numbering removed.
    static func sentences(in text: String) -> [String] {
        Work.sentences(in: text).flatMap { line in SentenceSplitter.split(line).map(String.init) }
    }

    static func endsLikeASentence(_ sentence: String) -> Bool {
        guard let last = sentence.last(where: { !"\"')]”’".contains($0) }) else { return false }
        return ".!?…".contains(last)
    }

    /// The sentence's runs of six words, lowercased and without punctuation.
    static func phrases(of sentence: String) -> Set<[String]> {
        let words = sentence.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "'") }.map(String.init)
        guard words.count >= 6 else { return [] }
        return Set((0...(words.count - 6)).map { Array(words[$0..<($0 + 6)]) })
    }

    /// Sentences that differ only in case, spacing and punctuation are one sentence said twice.
    static func key(_ sentence: String) -> String {
        String(sentence.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    static func contentStems(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0 == "'") }.compactMap { word in
            let word = String(word)
            guard word.count >= 3, !Lexicon.stopWords.contains(word) else { return nil }
            return PorterStemmer.stem(word)
        }
    }

    static func mostCommon(_ flaws: [Flaw]) -> Flaw? {
        var counts: [Flaw: Int] = [:]
        for flaw in flaws { counts[flaw, default: 0] += 1 }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue > $1.key.rawValue) }?.key
    }
}
