/// Splits text into sentences without Foundation: works on UTF-8 bytes, returns slices of the input.
///
/// A sentence ends at `.`, `!`, `?` (or a run of them, with closing quotes or brackets) followed by white space,
/// except after an abbreviation (`Mr.`, `e.g.`), an initial (`J. Smith`) or a number label (`No. 5`); a decimal
/// (`3.5`) never ends one. An ellipsis (`...`, `…`) ends a sentence only when a capital letter follows. Text
/// without final punctuation is a sentence too. Where no sentence ends for ``maxSentenceBytes`` (speech
/// recognisers often write no punctuation at all), the sentence ends at the next white space.
///
/// ```swift
/// SentenceSplitter.split("Mr. Smith paid 3.5 dollars. Then he left") // ["Mr. Smith paid 3.5 dollars.", "Then he left"]
/// ```
public enum SentenceSplitter {
    /// The length after which a sentence with no end in sight is cut at white space: about 700 words, where the
    /// longest sentence of the QMSum meetings has 1,100 bytes. Every later step (cleaning, salience) then works
    /// on pieces of bounded size, whatever the input.
    public static let maxSentenceBytes = 4_096

    public static func split<S: StringProtocol>(_ text: S) -> [Substring] where S.SubSequence == Substring {
        let whole = text[...]
        let bytes = whole.utf8
        var result: [Substring] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        func emit(_ end: String.Index) {
            let piece = whole[start..<end]
            let trimmed = piece.trimmingWhitespace()
            if !trimmed.isEmpty { result.append(trimmed) }
            start = end
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            let isEllipsisChar = byte == 0xE2 && matchesEllipsis(bytes, at: index)
            guard byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") || isEllipsisChar
            else {
                if isSpace(byte) && bytes.distance(from: start, to: index) >= maxSentenceBytes { emit(index) }
                index = bytes.index(after: index)
                continue
            }
            // Consume the run of terminal punctuation and closing quotes or brackets.
            let runStart = index
            var periods = 0
            var sawEllipsis = false
            var sawStrong = false
            while index < bytes.endIndex {
                let b = bytes[index]
                if b == UInt8(ascii: ".") {
                    periods += 1
                } else if b == UInt8(ascii: "!") || b == UInt8(ascii: "?") {
                    sawStrong = true
                } else if b == 0xE2 && matchesEllipsis(bytes, at: index) {
                    sawEllipsis = true
                    index = bytes.index(index, offsetBy: 3)
                    continue
                } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: ")")
                    || b == UInt8(ascii: "]")
                {
                    // closing quote or bracket: part of the run
                } else {
                    break
                }
                index = bytes.index(after: index)
            }
            if periods >= 2 { sawEllipsis = true }
            // A boundary needs white space (or the end) after the run: "3.5", "e.g.x" and "a.m" stay whole.
            guard index == bytes.endIndex || isSpace(bytes[index]) else { continue }
            var next = index
            while next < bytes.endIndex && isSpace(bytes[next]) { next = bytes.index(after: next) }
            guard next < bytes.endIndex else { break }
            let following = bytes[next]
            let upper = isUpper(following) || isDigit(following) || following == UInt8(ascii: "\"")
                || following == UInt8(ascii: "(") || following == UInt8(ascii: "[") || following >= 0xC0
            if sawStrong {
                if isLower(following) && sawEllipsis { continue }
                emit(index)
            } else if sawEllipsis {
                if upper { emit(index) }
            } else {
                if isLower(following) { continue }
                if isAbbreviation(whole[start..<runStart], followedBy: following) { continue }
                emit(index)
            }
        }
        emit(whole.endIndex)
        return result
    }

    /// True when the word before a period is an abbreviation, an initial, or `No` before a number.
    static func isAbbreviation(_ before: Substring, followedBy next: UInt8) -> Bool {
        var wordStart = before.endIndex
        let utf8 = before.utf8
        while wordStart > utf8.startIndex {
            let previous = utf8.index(before: wordStart)
            if isSpace(utf8[previous]) || utf8[previous] == UInt8(ascii: "(") { break }
            wordStart = previous
        }
        let word = before[wordStart...]
        guard !word.isEmpty else { return false }
        if word.utf8.count == 1, let only = word.utf8.first, isUpper(only) { return true }  // an initial: "J. Smith"
        let lower = word.lowercased()
        if lower == "no" || lower == "nos" { return isDigit(next) }
        return Lexicon.abbreviations.contains(lower)
    }

    @inline(__always) static func matchesEllipsis(_ bytes: Substring.UTF8View, at index: String.Index) -> Bool {
        var i = index
        for expected: UInt8 in [0xE2, 0x80, 0xA6] {
            guard i < bytes.endIndex, bytes[i] == expected else { return false }
            i = bytes.index(after: i)
        }
        return true
    }

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}

extension Substring {
    /// The slice without leading and trailing ASCII white space (no copy).
    public func trimmingWhitespace() -> Substring {
        let bytes = utf8
        var lower = bytes.startIndex
        var upper = bytes.endIndex
        while lower < upper && SentenceSplitter.isSpace(bytes[lower]) { lower = bytes.index(after: lower) }
        while upper > lower && SentenceSplitter.isSpace(bytes[bytes.index(before: upper)]) {
            upper = bytes.index(before: upper)
        }
        return self[lower..<upper]
    }
}
