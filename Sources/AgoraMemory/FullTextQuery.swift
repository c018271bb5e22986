/// Turns free text into safe FTS5 queries: the text is split into words, and each word is quoted, so nothing a user
/// or a model types (`what's "new"? AND -x`, `NEAR(`, `*`, `:`) is read as FTS5 syntax.
///
/// Very common English function words are dropped unless nothing else is left (`onlyStopwords`): their BM25 weight
/// is near zero, but their posting lists are as long as the table, and FTS5 reads a query word's whole list to weigh it.
struct FullTextQuery: Sendable, Hashable {
    /// The words searched for, lowercased, without duplicates, in query order.
    let terms: [String]
    /// True when every word is a function word (`the of`): such a query has nothing to rank by.
    let onlyStopwords: Bool

    static let maximumTerms = 32

    init(_ text: String) {
        var seen = Set<String>()
        var words: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty, seen.insert(current).inserted { words.append(current) }
            current = ""
        }
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        let informative = words.filter { $0.count > 1 && !Self.stopwords.contains($0) }
        terms = Array((informative.isEmpty ? words : informative).prefix(Self.maximumTerms))
        onlyStopwords = informative.isEmpty
    }

    /// `"word"`, quoted for FTS5.
    static func quoted(_ term: String) -> String {
        "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `"a" OR "b"`, parenthesised when there are several words.
    static func any(_ terms: [String]) -> String {
        terms.count == 1 ? quoted(terms[0]) : "(" + terms.map(quoted).joined(separator: " OR ") + ")"
    }

    /// `"a" AND "b"`.
    static func all(_ terms: [String]) -> String {
        terms.map(quoted).joined(separator: " AND ")
    }

    var isEmpty: Bool { terms.isEmpty }


    static let stopwords = Set(FullTextStopwords.english)
}

/// Common English function words, most frequent first. Recall ignores them unless a query has nothing else.
public enum FullTextStopwords {
    public static let english = [
        "the", "of", "and", "to", "a", "in", "is", "it", "that", "for", "was", "on", "with", "as", "he", "be", "at",
        "by", "i", "this", "had", "not", "are", "but", "from", "or", "have", "an", "they", "which", "you", "were",
        "her", "she", "there", "would", "their", "we", "him", "been", "has", "when", "who", "will", "more", "no",
        "if", "out", "so", "said", "what", "up", "its", "about", "into", "than", "them", "can", "only", "other",
        "some", "could", "these", "two", "may", "then", "do", "first", "any", "my", "now", "such", "like", "our",
        "over", "me", "even", "most", "made", "after", "also", "did", "many", "before", "must", "through", "back",
        "where", "much", "your", "way", "well", "down", "should", "because", "each", "just", "those", "how", "too",
        "us", "does",
    ]
}
