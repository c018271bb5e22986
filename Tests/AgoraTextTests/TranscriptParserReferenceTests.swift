import AgoraCore
import AgoraText
import Testing

/// The byte-level parser against the straightforward one it replaced, on generated transcripts: every form
/// of label, timestamp, blank line, continuation and prose a transcript mixes.
@Suite struct TranscriptParserReferenceTests {
    @Test func byteLevelParserMatchesTheReference() {
        var generator = SplitMix64(seed: 7)
        let pieces = [
            "Ana:", "Bo:", "Speaker 2:", "Project Manager:", "Ana (00:01:10):", "Bo [1:23]:", "[00:00:05]", "(1:15)",
            "00:01:10", "12:05 -", "1:2:3", "123:45", "1.5:20", "[1:2", "Note:", "Here is the thing:", "First:",
            "we ship on Monday.", "agreed", "x: y", "a,b: c", "Élodie:", "Über Team:", "  ", "\t", "-", "|", "um,",
            "(aside)", "[laughs]", "Dr. Who:", "A B C D E:", "::", ":", "\u{00A0}", "\u{2028}", "naïve café", "",
        ]
        var speakers = 0
        var stamps = 0
        for _ in 0..<3_000 {
            var lines: [String] = []
            for _ in 0..<Int(generator.next() % 8) {
                var words: [String] = []
                for _ in 0..<Int(generator.next() % 6) { words.append(pieces[Int(generator.next() % UInt64(pieces.count))]) }
                lines.append(words.joined(separator: generator.next() % 5 == 0 ? "" : " "))
            }
            let text = lines.joined(separator: "\n")
            let fast = TranscriptParser.parse(text)
            let reference = ReferenceTranscriptParser.parse(text)
            #expect(fast == reference, "\(text.debugDescription)")
            if fast != reference { return }
            speakers += fast.turns.filter { $0.speaker != nil }.count
            stamps += fast.turns.filter { $0.timestamp != nil }.count
        }
        // The generator reaches the interesting paths.
        #expect(speakers > 500 && stamps > 500, "\(speakers) speakers, \(stamps) stamps")
    }
}

/// The first, Character-based parser, kept as the specification the byte-level one must match.
enum ReferenceTranscriptParser {
    static func parse(_ text: String) -> Transcript {
        struct Line {
            var number: Int
            var timestamp: String?
            var label: (speaker: String, rest: Substring)?
            var text: Substring
        }
        var lines: [Line] = []
        var labelCounts: [String: Int] = [:]
        var nonEmpty = 0
        var labelled = 0
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = Substring(rawLine.trimmingSpaces())
            if line.isEmpty {
                lines.append(Line(number: number, timestamp: nil, label: nil, text: ""))
                continue
            }
            nonEmpty += 1
            let timestamp = takeTimestamp(&line)
            let label = splitSpeaker(line)
            if let label {
                labelCounts[label.0, default: 0] += 1
                labelled += 1
            }
            lines.append(Line(number: number, timestamp: timestamp, label: label, text: line))
        }
        let mostlyLabelled = labelled * 2 > nonEmpty

        var turns: [Transcript.Turn] = []
        var current: Transcript.Turn?
        func flush() {
            if var turn = current, !turn.text.isEmpty {
                turn.index = turns.count
                turns.append(turn)
            }
            current = nil
        }
        for line in lines {
            if line.text.isEmpty && line.timestamp == nil {
                flush()
                continue
            }
            if let (speaker, rest) = line.label, mostlyLabelled || labelCounts[speaker, default: 0] >= 2 {
                flush()
                var body = rest
                let timestamp = line.timestamp ?? takeTimestamp(&body)
                current = .init(index: 0, speaker: speaker, timestamp: timestamp, text: String(body.trimmingSpaces()), line: line.number)
            } else if var turn = current {
                turn.text += turn.text.isEmpty ? String(line.text) : " " + line.text
                current = turn
            } else {
                current = .init(index: 0, speaker: nil, timestamp: line.timestamp, text: String(line.text), line: line.number)
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
            // Names are capitalised ("Priya", "Speaker 2"); "Here is the thing:" is prose.
            name.prefix { $0 != "(" && $0 != "[" }.split(separator: " ")
                .allSatisfy({ $0.first?.isUppercase == true || $0.first?.isNumber == true }),
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
    fileprivate func trimmingSpaces() -> String {
        guard let start = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let end = lastIndex(where: { !$0.isWhitespace })!
        return String(self[start...end])
    }
}
