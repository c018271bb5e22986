/// Reads transcripts as people write them: `Speaker: text` lines, optional timestamps (`[00:01:23]`,
/// `00:01:23`, `(1:23)`) before or after the speaker, and plain paragraphs for a talk with one speaker.
/// A line without a speaker label continues the previous turn unless a blank line separates them.
///
/// A label counts as a speaker only if it heads at least two lines, or if most lines carry a label: prose
/// such as "First: we measure." must not turn "First" into a speaker.
///
/// Works on the UTF-8 bytes (a 300,000-word transcript parses in milliseconds); a line ends at `\n` or `\r\n`.
public enum TranscriptParser {
    public static func parse(_ text: String) -> Transcript {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { parse(bytes: $0) } ?? Transcript(turns: [])
    }

    /// One source line, as byte ranges into the text.
    private struct Line {
        var number: Int
        var timestamp: String?
        var speaker: String?
        /// For a label line: what follows the label. `prefix` (a stamp written inside the label, as in
        /// `Bob (00:01:10): text`) comes before `rest`, with a space.
        var prefix: String?
        var rest: Range<Int>
        /// The line without its leading timestamp.
        var text: Range<Int>
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Transcript {
        var lines: [Line] = []
        var labelCounts: [String: Int] = [:]
        var nonEmpty = 0
        var labelled = 0
        var number = 0
        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            number += 1
            let trimmed = trim(bytes, lineStart..<lineEnd)
            if trimmed.isEmpty {
                lines.append(Line(number: number, rest: trimmed, text: trimmed))
            } else {
                nonEmpty += 1
                var body = trimmed
                let timestamp = takeTimestamp(bytes, &body)
                var line = Line(number: number, timestamp: timestamp, rest: body, text: body)
                if let label = splitSpeaker(bytes, body) {
                    labelCounts[label.speaker, default: 0] += 1
                    labelled += 1
                    line.speaker = label.speaker
                    line.prefix = label.prefix
                    line.rest = label.rest
                }
                lines.append(line)
            }
            lineStart = lineEnd + 1
        }
        let mostlyLabelled = labelled * 2 > nonEmpty

        var turns: [Transcript.Turn] = []
        var current: Transcript.Turn?
        var buffer: [UInt8] = []
        func flush() {
            if var turn = current, !buffer.isEmpty {
                turn.index = turns.count
                turn.text = String(decoding: buffer, as: UTF8.self)
                turns.append(turn)
            }
            current = nil
            buffer.removeAll(keepingCapacity: true)
        }
        for line in lines {
            if line.text.isEmpty && line.timestamp == nil {
                flush()
                continue
            }
            if let speaker = line.speaker, mostlyLabelled || labelCounts[speaker, default: 0] >= 2 {
                flush()
                var timestamp = line.timestamp
                if let prefix = line.prefix {
                    // "Bob (00:01:10): text": the stamp written in the label heads the body.
                    var body = Array(prefix.utf8)
                    body.append(0x20)
                    body.append(contentsOf: bytes[trim(bytes, line.rest)])
                    body.withUnsafeBufferPointer { body in
                        var range = 0..<body.count
                        if timestamp == nil { timestamp = takeTimestamp(body, &range) }
                        buffer.append(contentsOf: body[trim(body, range)])
                    }
                } else {
                    var range = line.rest
                    if timestamp == nil { timestamp = takeTimestamp(bytes, &range) }
                    buffer.append(contentsOf: bytes[trim(bytes, range)])
                }
                current = .init(index: 0, speaker: speaker, timestamp: timestamp, text: "", line: line.number)
            } else if current != nil {
                if !buffer.isEmpty { buffer.append(0x20) }
                buffer.append(contentsOf: bytes[line.text])
            } else {
                current = .init(index: 0, speaker: nil, timestamp: line.timestamp, text: "", line: line.number)
                buffer.append(contentsOf: bytes[line.text])
            }
        }
        flush()
        return Transcript(turns: turns)
    }

    /// Removes a leading timestamp such as `[00:01:23]`, `00:01:23`, `(1:23)` or `12:05 -` from `range` and
    /// returns it.
    static func takeTimestamp(_ bytes: UnsafeBufferPointer<UInt8>, _ range: inout Range<Int>) -> String? {
        var i = range.lowerBound
        let end = range.upperBound
        var closing: UInt8?
        if i < end, bytes[i] == UInt8(ascii: "[") || bytes[i] == UInt8(ascii: "(") {
            closing = bytes[i] == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: ")")
            i += 1
        }
        let digitsStart = i
        var hasColon = false
        while i < end, isDigit(bytes[i]) || bytes[i] == UInt8(ascii: ":") || bytes[i] == UInt8(ascii: ".") {
            if bytes[i] == UInt8(ascii: ":") { hasColon = true }
            i += 1
        }
        let digitsEnd = i
        guard hasColon, isDigit(bytes[digitsStart]), isDigit(bytes[digitsEnd - 1]) else { return nil }
        // Every field between colons has at most two characters, unless it holds a decimal point (seconds).
        var fieldStart = digitsStart
        for j in digitsStart...digitsEnd where j == digitsEnd || bytes[j] == UInt8(ascii: ":") {
            let field = bytes[fieldStart..<j]
            if !field.isEmpty && field.count > 2 && !field.contains(UInt8(ascii: ".")) { return nil }
            fieldStart = j + 1
        }
        if let closing {
            guard i < end, bytes[i] == closing else { return nil }
            i += 1
        }
        while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "|") {
            i += 1
        }
        range = i..<end
        return String(decoding: bytes[digitsStart..<digitsEnd], as: UTF8.self)
    }

    /// `Name: text` where the name is short, starts with a letter and holds no sentence punctuation. Returns the
    /// speaker, what follows the colon, and a stamp written inside the label (`Alice (00:01:23): text`).
    static func splitSpeaker(
        _ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>
    ) -> (speaker: String, prefix: String?, rest: Range<Int>)? {
        // The first colon outside brackets: "Bob (00:01:10): text" names Bob, not "Bob (00".
        var depth = 0
        var colon = -1
        for i in line {
            switch bytes[i] {
            case UInt8(ascii: "("), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"): depth = max(0, depth - 1)
            case UInt8(ascii: ":") where depth == 0: colon = i
            default: break
            }
            if colon >= 0 { break }
        }
        guard colon >= 0 else { return nil }
        let name = trim(bytes, line.lowerBound..<colon)
        let after = (colon + 1)..<line.upperBound
        guard !name.isEmpty, after.isEmpty || bytes[after.lowerBound] == 0x20 else { return nil }
        let nameBytes = bytes[name]
        // Cheap byte tests first: most lines with a colon late in them fail here.
        guard !nameBytes.contains(where: { ".?!,;\"".utf8.contains($0) }), WordCounter.count(bytes: nameBytes) <= 4
        else { return nil }
        let nameText = String(decoding: nameBytes, as: UTF8.self)
        if nameBytes.allSatisfy({ $0 < 0x80 }) {
            // ASCII (the usual case): the same tests as below, on bytes.
            guard nameBytes.count <= 40, isASCIILetter(nameBytes.first!) else { return nil }
            var wordStart = true
            for b in nameBytes {
                if b == UInt8(ascii: "(") || b == UInt8(ascii: "[") { break }
                if b == 0x20 {
                    wordStart = true
                } else {
                    if wordStart && !((b >= 0x41 && b <= 0x5A) || isDigit(b)) { return nil }
                    wordStart = false
                }
            }
        } else {
            guard nameText.count <= 40, nameText.first?.isLetter == true,
                // Names are capitalised ("Priya", "Speaker 2"); "Here is the thing:" is prose.
                nameText.prefix(while: { $0 != "(" && $0 != "[" }).split(separator: " ")
                    .allSatisfy({ $0.first?.isUppercase == true || $0.first?.isNumber == true })
            else { return nil }
        }
        // "Alice (00:01:23)" or "Alice [1:23]": keep the name, the caller reads the stamp from the body.
        if let open = nameBytes.firstIndex(where: { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: "[") }) {
            let speaker = trim(bytes, name.lowerBound..<open)
            guard !speaker.isEmpty else { return nil }
            return (String(decoding: bytes[speaker], as: UTF8.self),
                    String(decoding: bytes[open..<name.upperBound], as: UTF8.self), after)
        }
        return (nameText, nil, after)
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    /// `range` without leading and trailing white space (ASCII, and the Unicode spaces `Character.isWhitespace`
    /// knows, such as U+00A0 and U+2028).
    static func trim(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, let n = whitespaceLength(bytes, at: lower, limit: upper) { lower += n }
        while upper > lower, let n = whitespaceLength(bytes, before: upper, limit: lower) { upper -= n }
        return lower..<upper
    }

    /// The byte length of the white-space character starting at `i`, if there is one.
    static func whitespaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, limit: Int) -> Int? {
        let b = bytes[i]
        if b == 0x20 || (b >= 0x09 && b <= 0x0D) { return 1 }
        guard b >= 0xC2 else { return nil }
        if b == 0xC2 {
            return i + 1 < limit && (bytes[i + 1] == 0x85 || bytes[i + 1] == 0xA0) ? 2 : nil
        }
        guard i + 2 < limit else { return nil }
        return isWideSpace(b, bytes[i + 1], bytes[i + 2]) ? 3 : nil
    }

    /// The byte length of the white-space character ending just before `end`, if there is one.
    static func whitespaceLength(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int, limit: Int) -> Int? {
        let b = bytes[end - 1]
        if b == 0x20 || (b >= 0x09 && b <= 0x0D) { return 1 }
        guard b >= 0x80 else { return nil }
        if end - 2 >= limit, bytes[end - 2] == 0xC2, b == 0x85 || b == 0xA0 { return 2 }
        if end - 3 >= limit, isWideSpace(bytes[end - 3], bytes[end - 2], b) { return 3 }
        return nil
    }

    /// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000 in UTF-8.
    @inline(__always) static func isWideSpace(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
        switch (a, b) {
        case (0xE1, 0x9A): c == 0x80
        case (0xE2, 0x80): c <= 0x8A && c >= 0x80 || c == 0xA8 || c == 0xA9 || c == 0xAF
        case (0xE2, 0x81): c == 0x9F
        case (0xE3, 0x80): c == 0x80
        default: false
        }
    }
}
