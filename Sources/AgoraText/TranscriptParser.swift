/// Reads transcripts as people write them: `Speaker: text` lines, optional timestamps (`[00:01:23]`,
/// `00:01:23`, `(1:23)`) before or after the speaker, and plain paragraphs for a talk with one speaker.
/// A line without a speaker label continues the previous turn unless a blank line separates them.
public enum TranscriptParser {
    public static func parse(_ text: String) -> Transcript {
        var turns: [Transcript.Turn] = []
        var current: Transcript.Turn?
        var lineNumber = 0
        func flush() {
            if var turn = current, !turn.text.isEmpty {
                turn.index = turns.count
                turns.append(turn)
            }
            current = nil
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine.trimmingSpaces())
            if line.isEmpty {
                flush()
                continue
            }
            var timestamp = takeTimestamp(&line)
            if let (speaker, rest) = splitSpeaker(line) {
                flush()
                var body = rest
                if timestamp == nil { timestamp = takeTimestamp(&body) }
                current = .init(index: 0, speaker: speaker, timestamp: timestamp, text: String(body.trimmingSpaces()), line: lineNumber)
            } else if var turn = current {
                turn.text += turn.text.isEmpty ? String(line) : " " + line
                current = turn
            } else {
                current = .init(index: 0, speaker: nil, timestamp: timestamp, text: String(line), line: lineNumber)
            }
        }
        flush()
        return Transcript(turns: turns)
    }

    /// Removes a leading timestamp such as `[00:01:23]`, `00:01:23`, `(1:23)` or `12:05 -` and returns it.
    static func takeTimestamp(_ line: inout Substring) -> String? {
        var rest = line
        var closing: Character?
        if let first = rest.first, first == "[" || first == "(" {
            closing = first == "[" ? "]" : ")"
            rest = rest.dropFirst()
        }
        let digits = rest.prefix { $0.isNumber || $0 == ":" || $0 == "." }
        guard digits.contains(":"), digits.first?.isNumber == true, digits.last?.isNumber == true,
            digits.split(separator: ":").allSatisfy({ !$0.isEmpty && $0.count <= 2 || $0.contains(".") })
        else { return nil }
        rest = rest.dropFirst(digits.count)
        if let closing {
            guard rest.first == closing else { return nil }
            rest = rest.dropFirst()
        }
        rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "-" || $0 == "|" }
        line = rest
        return String(digits)
    }

    /// `Name: text` where the name is short, starts with a letter and holds no sentence punctuation.
    static func splitSpeaker(_ line: Substring) -> (String, Substring)? {
        // The first colon outside brackets: "Bob (00:01:10): text" names Bob, not "Bob (00".
        var depth = 0
        var found: Substring.Index?
        for index in line.utf8.indices {
            switch line.utf8[index] {
            case UInt8(ascii: "("), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"): depth = max(0, depth - 1)
            case UInt8(ascii: ":") where depth == 0: found = index
            default: break
            }
            if found != nil { break }
        }
        guard let colon = found else { return nil }
        let name = line[..<colon].trimmingSpaces()
        let after = line[line.index(after: colon)...]
        guard !name.isEmpty, name.count <= 40, name.first?.isLetter == true,
            after.first == " " || after.isEmpty,
            WordCounter.count(name) <= 4,
            !name.contains(where: { ".?!,;\"".contains($0) })
        else { return nil }
        var speaker = Substring(name)
        var stampInName: Substring = speaker
        // "Alice (00:01:23)" or "Alice [1:23]": keep the name, the caller reads the stamp from the body.
        if let open = speaker.firstIndex(where: { $0 == "(" || $0 == "[" }) {
            stampInName = speaker[open...]
            speaker = speaker[..<open].trimmingSpaces()[...]
            guard !speaker.isEmpty else { return nil }
            return (String(speaker), Substring(String(stampInName) + " " + after.trimmingSpaces()))
        }
        return (String(speaker), after)
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        guard let start = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let end = lastIndex(where: { !$0.isWhitespace })!
        return String(self[start...end])
    }
}
