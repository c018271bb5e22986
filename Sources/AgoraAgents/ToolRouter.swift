import AgoraCore
import AgoraText
import Foundation

/// Picks the tool a task asks for by the words they share, for json mode's first turn.
///
/// Measured on SmolLM2-135M: offered several tools, a small model calls the one its prompt's example shows, or
/// answers at once; shown the right example and offered that one tool, it calls it with good arguments. So when
/// one tool's name, description and argument descriptions share clearly more of the task's words than any other
/// tool's, the loop's first turn asks for a call of that tool (the model still writes the arguments). A task that
/// matches no tool, or two equally, is not routed.
///
/// A task that names a value only one tool accepts from a closed set (an agent `delegate` can reach) goes to that
/// tool. Otherwise words are lower-cased, stemmed and weighed by how few of the offered tools mention them (a word
/// every tool mentions decides nothing), a word of a tool's name counting double. Quoted text is the task's data,
/// not its intent, and is left out.
public enum ToolRouter {
    /// How much the best tool must outscore the next one.
    static let margin = 1.5

    /// The name of the tool `task` asks for, or nil.
    public static func route(_ task: String, among specs: [ToolSpec]) -> String? {
        guard !specs.isEmpty else { return nil }
        let wanted = stems(of: withoutQuotes(task))
        guard !wanted.isEmpty else { return nil }
        // A task that names a value of one tool's closed set (delegate's agent names) addresses that tool.
        let addressed = specs.filter { !stems(of: identifiers(of: $0).joined(separator: " ")).isDisjoint(with: wanted) }
        if addressed.count == 1 { return addressed[0].name }
        let named = specs.map { stems(of: nameParts(of: $0)) }
        let described = specs.map { stems(of: text(of: $0)) }
        var scores: [(name: String, score: Double)] = []
        for index in specs.indices {
            var score = 0.0
            for word in wanted where named[index].contains(word) || described[index].contains(word) {
                let mentions = specs.indices.filter { named[$0].contains(word) || described[$0].contains(word) }.count
                // A word of the tool's own name says more than one of its description.
                let weight = named[index].contains(word) ? 2.0 : 1.0
                score += weight * log(1 + Double(specs.count) / Double(mentions))
            }
            scores.append((specs[index].name, score))
        }
        scores.sort { $0.score > $1.score }
        guard let best = scores.first, best.score > 0 else { return nil }
        if scores.count > 1, best.score < margin * scores[1].score { return nil }
        return best.name
    }

    /// The words of a tool's name: `word_count` is "word count", `server.search_docs` "server search docs".
    static func nameParts(of spec: ToolSpec) -> String {
        spec.name.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: ".", with: " ").replacingOccurrences(of: "-", with: " ")
    }

    /// What a tool says about itself: its description, and its arguments' names and descriptions.
    static func text(of spec: ToolSpec) -> String {
        var parts = [spec.description]
        for (name, property) in spec.inputSchema["properties"]?.objectValue ?? [:] {
            parts.append(name)
            if let description = property["description"]?.stringValue { parts.append(description) }
        }
        return parts.joined(separator: " ")
    }

    /// The allowed values of its arguments (delegate's agent names, once narrowed).
    static func identifiers(of spec: ToolSpec) -> [String] {
        (spec.inputSchema["properties"]?.objectValue ?? [:]).values.flatMap { property in
            (property["enum"]?.arrayValue ?? []).compactMap(\.stringValue)
        }
    }

    static func withoutQuotes(_ text: String) -> String {
        var kept = ""
        var closing: Character?
        for character in text {
            if let open = closing {
                if character == open { closing = nil }
            } else if let close = quotePairs[character] {
                closing = close
            } else {
                kept.append(character)
            }
        }
        return kept
    }

    static let quotePairs: [Character: Character] = ["\"": "\"", "“": "”", "«": "»"]

    static func stems(of text: String) -> Set<String> {
        var words: Set<String> = []
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) where word.count > 1 {
            let word = String(word)
            if stopWords.contains(word) { continue }
            words.insert(PorterStemmer.stem(word))
        }
        return words
    }

    /// Function words, and the question words that say nothing about which tool.
    static let stopWords: Set<String> = [
        "a", "an", "the", "is", "are", "was", "were", "be", "been", "in", "on", "of", "to", "for", "and", "or", "this", "that",
        "these", "those", "it", "its", "what", "when", "where", "who", "whom", "which", "why", "how", "many", "much", "does",
        "do", "did", "me", "my", "we", "our", "you", "your", "please", "with", "from", "at", "by", "as", "have", "has", "there",
        "can", "could", "would", "should", "will", "if", "then", "than", "so", "not", "no", "yes", "any", "all", "some", "get",
        "back", "optionally", "default", "most", "else", "nothing", "also",
    ]
}
