/// Turns a spoken sentence into a written one by deleting words, never by rewriting them: fillers and
/// backchannels (`uh`, `um`, `mm-hmm`, `yeah`, `okay`), `you know`, `I mean`, `kind of`, doubled words
/// (`the the`), false starts (`th the`, `we m we may`), leading discourse markers (`so`, `and`, `well`,
/// `I think`), `excuse me`, a hedge set off at the end (`…, I think.`) or by commas (`…, I think, …`), `I dunno`,
/// a subject dropped for another (`we I dunno`, `It I don't know`) and dangling conjunctions at the end;
/// then fixes the capital and the final punctuation. Letters spelled out AMI-style become one word
/// (`L_C_D_` → `LCD`): ROUGE and readers would see three one-letter words.
///
/// Every word of the result is a word of the input, in the same order, so an extract stays faithful.
///
/// ```swift
/// SpokenCleaner.clean("So, um, I think we we should, you know, use the the rubber case.")
/// // "We should, use the rubber case."
/// ```
public enum SpokenCleaner {
    struct Token {
        var text: Substring
        /// Lowercased, without surrounding punctuation: the form looked up in the word lists.
        var core: String
        var endsWithComma: Bool
    }

    public static func clean<S: StringProtocol>(_ sentence: S) -> String where S.SubSequence == Substring {
        let (tokens, terminal) = cleanedTokens(sentence[...])
        return render(tokens, terminal: terminal)
    }

    /// ``clean(_:)`` and the ``coreForm(_:)`` of each space-separated word of the result, in order: a caller that
    /// indexes the words gets the forms the cleaner already computed instead of splitting and stripping again.
    public static func cleanWithCores<S: StringProtocol>(_ sentence: S) -> (text: String, cores: [String])
    where S.SubSequence == Substring {
        let (tokens, terminal) = cleanedTokens(sentence[...])
        return (render(tokens, terminal: terminal), tokens.map(\.core))
    }

    /// The words that survive cleaning, and the sentence's own final punctuation.
    static func cleanedTokens(_ sentence: Substring) -> (tokens: [Token], terminal: Character?) {
        var tokens = tokenize(sentence)
        guard !tokens.isEmpty else { return ([], nil) }
        let terminal = terminalPunctuation(sentence)
        removeFillersAndFragments(&tokens)
        // Each deletion can expose another ("So it I think we …": `So` goes, then `it` starts the sentence before
        // `I`, then `I think` opens it), so the steps run until nothing changes: cleaning a cleaned sentence must
        // give it back unchanged (reducers look sentences up by their cleaned text).
        var count: Int
        repeat {
            count = tokens.count
            removeAbandonedSubjects(&tokens)
            removePhrases(&tokens)
            removeRepeats(&tokens)
            stripEdges(&tokens)
        } while tokens.count < count
        return (tokens, terminal)
    }

    /// Enough content to stand in a summary: at least `minWords` words, `minContentWords` of them content words.
    public static func isCandidate(_ cleaned: String, minWords: Int = 5, minContentWords: Int = 2) -> Bool {
        var words = 0
        var content = 0
        for word in cleaned.split(separator: " ") {
            words += 1
            let core = coreForm(word)
            if !core.isEmpty && !Lexicon.stopWords.contains(core) { content += 1 }
        }
        return words >= minWords && content >= minContentWords
    }

    // MARK: steps

    static func tokenize(_ sentence: Substring) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(16)
        let bytes = sentence.utf8
        var index = bytes.startIndex
        while index < bytes.endIndex {
            while index < bytes.endIndex && isSeparator(bytes[index]) { bytes.formIndex(after: &index) }
            guard index < bytes.endIndex else { break }
            let start = index
            while index < bytes.endIndex && !isSeparator(bytes[index]) { bytes.formIndex(after: &index) }
            var piece = sentence[start..<index]
            // ROUGE and readers see one word where AMI spells the letters out.
            if let joined = joinedAcronym(piece) { piece = joined }
            let core = coreForm(piece)
            if core.isEmpty { continue }  // bare punctuation: "-", "--", "..."
            // A word cut off mid-way ("wi-", "compu-") is a false start.
            if piece.utf8.count >= 2, piece.utf8.last == UInt8(ascii: "-"),
                piece.utf8.dropLast().last.map(isLetter) == true
            {
                continue
            }
            tokens.append(Token(text: piece, core: core, endsWithComma: endsWithComma(piece)))
        }
        return tokens
    }

    /// AMI's spelled-out letters as one word: `L_C_D_` → `LCD`, `L_C_D_s,` → `LCDs,`, `X_` → `X`; nil for
    /// any other word.
    static func joinedAcronym(_ piece: Substring) -> Substring? {
        let bytes = piece.utf8
        guard bytes.contains(UInt8(ascii: "_")) else { return nil }
        // Letters that each stand alone between underscores, an optional plural `s`, punctuation around.
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex && !isLetter(bytes[i]) {
            out.append(bytes[i])
            bytes.formIndex(after: &i)
        }
        var letters = 0
        while i < bytes.endIndex, isLetter(bytes[i]) {
            let next = bytes.index(after: i)
            guard next < bytes.endIndex, bytes[next] == UInt8(ascii: "_") else { break }
            out.append(bytes[i])
            letters += 1
            i = bytes.index(after: next)
        }
        guard letters > 0 else { return nil }
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "s") {
            out.append(bytes[i])
            bytes.formIndex(after: &i)
        }
        while i < bytes.endIndex {
            if isWordByte(bytes[i]) || bytes[i] == UInt8(ascii: "_") { return nil }
            out.append(bytes[i])
            bytes.formIndex(after: &i)
        }
        return String(decoding: out, as: UTF8.self)[...]
    }

    @inline(__always) static func isSeparator(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    static func removeFillersAndFragments(_ tokens: inout [Token]) {
        var kept: [Token] = []
        kept.reserveCapacity(tokens.count)
        for (i, token) in tokens.enumerated() {
            if Lexicon.fillers.contains(token.core) {
                // keep the comma that closed the clause before a filler: "it, um, works" -> "it, works"
                continue
            }
            if isFragment(token, isFirst: i == 0) { continue }
            if Lexicon.hedges.contains(token.core) { continue }
            if Lexicon.looseBackchannels.contains(token.core) {
                let previousComma = kept.last?.endsWithComma ?? true
                if token.endsWithComma || previousComma { continue }
            }
            kept.append(token)
        }
        tokens = kept
    }

    /// `you know` and `I mean` when set off (at the start, after a comma, or followed by one); `I think` and
    /// `I guess` set off by commas on both sides; `I dunno`; `kind of`, `sort of`; vague tails such as `or something`.
    static func removePhrases(_ tokens: inout [Token]) {
        guard tokens.count >= 2 else { return }
        var kept: [Token] = []
        kept.reserveCapacity(tokens.count)
        var i = 0
        while i < tokens.count {
            if i + 1 < tokens.count {
                let a = tokens[i].core
                let b = tokens[i + 1].core
                let setOff = kept.isEmpty || kept.last!.endsWithComma || tokens[i + 1].endsWithComma
                    || i + 2 == tokens.count
                if (a == "you" && b == "know" && setOff) || (a == "i" && b == "mean" && setOff)
                    || ((a == "kind" || a == "sort") && b == "of" && !tokens[i].endsWithComma)
                    || Lexicon.vagueTails.contains(where: { $0.0 == a && $0.1 == b })
                    || (a == "excuse" && b == "me")
                    || (a == "i" && (b == "think" || b == "guess") && (kept.last?.endsWithComma ?? true)
                        && tokens[i + 1].endsWithComma)
                    || (a == "i" && b == "dunno")
                {
                    i += 2
                    continue
                }
            }
            kept.append(tokens[i])
            i += 1
        }
        tokens = kept
    }

    static func stripEdges(_ tokens: inout [Token]) {
        var start = 0
        while start < tokens.count {
            if Lexicon.leadingMarkers.contains(tokens[start].core) {
                start += 1
                continue
            }
            // An agenda's enumerator set off by a comma ("Two, the sync bug."): a reader of the summary has no list.
            // Not a count: "Two, maybe three weeks", "Five, six people", "One, two, three".
            if tokens[start].endsWithComma, start + 1 < tokens.count, Lexicon.enumerators.contains(tokens[start].core),
                !Lexicon.cardinals.contains(tokens[start].core) || !Lexicon.countContinuations.contains(tokens[start + 1].core),
                !tokens[start + 1].core.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
            {
                start += 1
                continue
            }
            if start + 1 < tokens.count,
                Lexicon.leadingPhrases.contains(where: { $0.0 == tokens[start].core && $0.1 == tokens[start + 1].core })
            {
                start += 2
                continue
            }
            break
        }
        var end = tokens.count
        while true {
            if end > start && Lexicon.trailingMarkers.contains(tokens[end - 1].core) {
                end -= 1
                continue
            }
            // A hedge set off at the end: "the case is rubber, I think."
            if end - 2 > start,
                Lexicon.leadingPhrases.contains(where: { $0.0 == tokens[end - 2].core && $0.1 == tokens[end - 1].core }),
                tokens[end - 3].endsWithComma
            {
                end -= 2
                continue
            }
            break
        }
        if start > 0 || end < tokens.count { tokens = Array(tokens[start..<end]) }
    }

    static func render(_ tokens: [Token], terminal: Character?) -> String {
        guard !tokens.isEmpty else { return "" }
        var out = ""
        out.reserveCapacity(tokens.reduce(0) { $0 + $1.text.utf8.count + 1 } + 1)
        for (i, token) in tokens.enumerated() {
            var text = token.text
            if i == 0 {
                text = text.drop { $0 == "," || $0 == ";" || $0 == ":" || $0 == "-" || $0 == "." }
            }
            if i == tokens.count - 1 {
                while let last = text.last, last == "," || last == ";" || last == ":" || last == "-" { text = text.dropLast() }
            }
            if i > 0 { out.append(" ") }
            if i == 0, let first = text.first, first.isASCII, first.isLowercase {
                out.append(first.uppercased())
                out.append(contentsOf: text.dropFirst())
            } else {
                out.append(contentsOf: text)
            }
        }
        // Always end with a full stop (or the original ? or !), so a list of cleaned sentences read back as one
        // text splits into the same sentences again.
        if let last = out.last, last != "." && last != "?" && last != "!" && last != "\"" && last != ")" {
            out.append(terminal ?? ".")
        }
        return out
    }

    // MARK: helpers

    /// Lowercased ASCII letters, digits, apostrophes and inner hyphens; surrounding punctuation removed.
    public static func coreForm(_ word: Substring) -> String {
        let bytes = word.utf8
        var lower = bytes.startIndex
        var upper = bytes.endIndex
        while lower < upper {
            if !isWordByte(bytes[lower]) {
                lower = bytes.index(after: lower)
            } else if isTypographicPunctuation(bytes, at: lower, before: upper) {
                lower = bytes.index(lower, offsetBy: 3)
            } else {
                break
            }
        }
        while upper > lower {
            let last = bytes.index(before: upper)
            if !isWordByte(bytes[last]) {
                upper = last
            } else if bytes.distance(from: lower, to: upper) >= 3, isTypographicPunctuation(bytes, at: bytes.index(upper, offsetBy: -3), before: upper) {
                upper = bytes.index(upper, offsetBy: -3)
            } else {
                break
            }
        }
        guard lower < upper else { return "" }
        let slice = bytes[lower..<upper]
        // Short words (most of them) stay in the String's inline storage: no allocation.
        return String(unsafeUninitializedCapacity: slice.count) { buffer in
            var n = 0
            for b in slice {
                buffer[n] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                n += 1
            }
            return n
        }
    }

    /// Dashes, curly quotes and the ellipsis (U+2013-2015, U+2018-2019, U+201C-201D, U+2026): their UTF-8 bytes
    /// are all above 0x7F, which would otherwise pass for letters, so "We — we" would keep its stutter.
    static func isTypographicPunctuation(_ bytes: Substring.UTF8View, at index: Substring.UTF8View.Index, before end: Substring.UTF8View.Index) -> Bool {
        guard bytes.distance(from: index, to: end) >= 3, bytes[index] == 0xE2 else { return false }
        let second = bytes.index(after: index)
        guard bytes[second] == 0x80 else { return false }
        switch bytes[bytes.index(after: second)] {
        case 0x93, 0x94, 0x95, 0x98, 0x99, 0x9C, 0x9D, 0xA6: return true
        default: return false
        }
    }

    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool {
        isLetter(b) || (b >= 0x30 && b <= 0x39) || b >= 0x80
    }

    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    static func endsWithComma(_ piece: Substring) -> Bool {
        for b in piece.utf8.reversed() {
            if b == UInt8(ascii: ",") || b == UInt8(ascii: ";") || b == UInt8(ascii: ":") || b == UInt8(ascii: "-") { return true }
            if isWordByte(b) { return false }
        }
        return false
    }

    /// A short lowercase run of consonants that is not a known word: the start of a word the speaker abandoned.
    static func isFragment(_ token: Token, isFirst: Bool) -> Bool {
        let core = token.core.utf8
        guard core.count <= 3, core.allSatisfy(isLetter) else { return false }
        if core.contains(where: { [0x61, 0x65, 0x69, 0x6F, 0x75, 0x79].contains($0) }) { return false }
        if Lexicon.consonantWords.contains(token.core) { return false }
        if let first = token.text.utf8.first(where: isLetter), first < 0x61, !isFirst { return false }  // "plan B"
        return true
    }

    /// Deletes a subject the speaker dropped for another one: `we I dunno`, `I we don't know`, and at the start
    /// `It I don't know`. `it` and `you` are objects too (`understand it you`), so they count only at the start.
    static func removeAbandonedSubjects(_ tokens: inout [Token]) {
        guard tokens.count >= 2 else { return }
        var kept: [Token] = []
        kept.reserveCapacity(tokens.count)
        for (i, token) in tokens.enumerated() {
            if i + 1 < tokens.count, !token.endsWithComma, token.core != tokens[i + 1].core,
                Lexicon.subjects.contains(tokens[i + 1].core),
                Lexicon.subjectOnly.contains(token.core) || (kept.isEmpty && Lexicon.subjects.contains(token.core))
            {
                continue
            }
            kept.append(token)
        }
        if kept.count < tokens.count { tokens = kept }
    }

    static func terminalPunctuation(_ sentence: Substring) -> Character? {
        for ch in sentence.reversed() {
            if ch == "." || ch == "?" || ch == "!" { return ch }
            if ch == "\"" || ch == ")" || ch == "'" || ch == " " { continue }
            return nil
        }
        return nil
    }
}
