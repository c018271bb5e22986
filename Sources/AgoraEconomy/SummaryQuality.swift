import Foundation

/// A cheap score (0...1) a buyer computes for a summary of one segment, without a reference and without a model.
///
/// It is a heuristic, not a measure of truth: it rewards a summary that mentions the segment's key terms, is about
/// as long as asked, and does not repeat itself. It cannot tell a fluent summary from a list of key words, nor a
/// faithful one from a misleading one; it is good enough to catch a worker that drops half the content or pads
/// its answer with repeats, which is what the market needs to keep workers honest.
///
/// - coverage (weight 0.6): the share of the segment's top TF-IDF terms (by weight; document frequency over all
///   segments of the run) that the summary contains;
/// - length fit (0.25): 1 at the target length, falling linearly to 0 at none or twice the target;
/// - novelty (0.15): one minus the share of repeated content words in the summary.
public struct SummaryQuality: Sendable {
    public static let keyTerms = 15
    private let documentFrequency: [String: Int]
    private let documents: Int

    /// - Parameter corpus: the texts of every task of the run, for document frequencies.
    public init(corpus: [String]) {
        var frequency: [String: Int] = [:]
        for text in corpus {
            for term in Set(Self.terms(text)) { frequency[term, default: 0] += 1 }
        }
        documentFrequency = frequency
        documents = corpus.count
    }

    public struct Score: Sendable, Hashable, Codable {
        public var coverage: Double
        public var lengthFit: Double
        public var novelty: Double
        public var value: Double { 0.6 * coverage + 0.25 * lengthFit + 0.15 * novelty }
    }

    public func score(source: String, summary: String, targetWords: Int) -> Score {
        let key = keyTerms(of: source)
        let summaryTerms = Self.terms(summary)
        let present = Set(summaryTerms)
        let totalWeight = key.reduce(0) { $0 + $1.weight }
        let coverage = totalWeight > 0 ? key.filter { present.contains($0.term) }.reduce(0) { $0 + $1.weight } / totalWeight : 0
        let words = summary.split(whereSeparator: { $0.isWhitespace }).count
        let target = Double(max(1, targetWords))
        let lengthFit = max(0, 1 - abs(Double(words) - target) / target)
        let novelty = summaryTerms.isEmpty ? 0 : Double(present.count) / Double(summaryTerms.count)
        return Score(coverage: coverage, lengthFit: lengthFit, novelty: novelty)
    }

    /// The segment's top terms by TF-IDF, heaviest first (ties by spelling, so the choice is stable).
    public func keyTerms(of source: String) -> [(term: String, weight: Double)] {
        var frequency: [String: Int] = [:]
        for term in Self.terms(source) { frequency[term, default: 0] += 1 }
        let n = Double(max(documents, 1))
        let weighted = frequency.map { term, count in
            (term: term, weight: Double(count) * (log((n + 1) / Double(documentFrequency[term, default: 0] + 1)) + 1))
        }
        return Array(weighted.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.term < $1.term }.prefix(Self.keyTerms))
    }

    /// Lower-case content words of three letters or more, a plural `s` removed.
    static func terms(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.compactMap { word in
            guard word.count >= 3, !stopWords.contains(String(word)) else { return nil }
            if word.count > 4, word.hasSuffix("s"), !word.hasSuffix("ss") { return String(word.dropLast()) }
            return String(word)
        }
    }

    static let stopWords: Set<String> = [
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out",
        "has", "have", "him", "his", "how", "its", "may", "new", "now", "see", "two", "who", "did", "yes", "yeah", "get",
        "got", "let", "say", "she", "too", "use", "that", "this", "with", "from", "they", "them", "then", "than", "there",
        "their", "what", "when", "where", "which", "will", "would", "could", "should", "about", "into", "just", "like",
        "some", "also", "been", "were", "very", "more", "much", "well", "okay", "right", "know", "think", "going", "want",
        "mean", "really", "actually", "thing", "things", "because", "these", "those", "being", "here", "only", "over",
        "such", "your", "yours", "we're", "it's", "don", "doesn", "didn", "isn", "wasn", "gonna", "sort", "kind", "lot",
        "uh", "um", "hmm", "mhm", "does", "doing", "done", "each", "other", "after", "before", "again", "still", "way",
    ]
}
