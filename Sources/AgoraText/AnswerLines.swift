/// How a model's answer reads as a list: the summarisation swarm and a pipeline's `format: sentences` both read
/// answers this way, so both make the same sentences of the same answer.
public enum AnswerLines {
    /// A model's answer as a list of sentences: one a line, bullets and numbering removed.
    public static func sentences(in text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            var sentence = Substring(line).drop { $0 == " " || $0 == "\t" }
            if let first = sentence.first, "-*•".contains(first) {
                sentence = sentence.dropFirst().drop { $0 == " " }
            } else if let dot = sentence.firstIndex(where: { $0 == "." || $0 == ")" }),
                sentence[..<dot].allSatisfy(\.isNumber), (1...3).contains(sentence.distance(from: sentence.startIndex, to: dot)),
                sentence[sentence.index(after: dot)...].first == " "
            {
                sentence = sentence[sentence.index(after: dot)...].drop { $0 == " " }
            }
            let trimmed = sentence.trimmingWhitespace()
            return trimmed.isEmpty ? nil : String(trimmed)
        }
    }
}
