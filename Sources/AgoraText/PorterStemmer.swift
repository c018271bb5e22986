/// The Porter stemmer, in the variant of NLTK's `PorterStemmer()` (mode `NLTK_EXTENSIONS`), which Google's
/// `rouge-score` uses: the same stems, so ROUGE figures match, and the summariser matches words the same way.
///
/// Works on lowercase ASCII words; other input is returned unchanged.
///
/// ```swift
/// PorterStemmer.stem("running")  // "run"
/// PorterStemmer.stem("generalization")  // "gener"
/// ```
public enum PorterStemmer {
    public static func stem(_ word: String) -> String {
        if let irregular = irregularForms[word] { return irregular }
        guard word.utf8.count > 2, word.utf8.allSatisfy({ $0 < 0x80 }) else { return word }
        var w = Array(word.utf8)
        step1a(&w)
        step1b(&w)
        step1c(&w)
        step2(&w)
        step3(&w)
        step4(&w)
        step5a(&w)
        step5b(&w)
        return String(decoding: w, as: UTF8.self)
    }

    static let irregularForms: [String: String] = [
        "sky": "sky", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "news": "news",
        "innings": "inning", "inning": "inning", "outings": "outing", "outing": "outing", "cannings": "canning",
        "canning": "canning", "howe": "howe", "proceed": "proceed", "exceed": "exceed", "succeed": "succeed",
    ]

    typealias Word = [UInt8]
    typealias Condition = @Sendable (ArraySlice<UInt8>) -> Bool

    // MARK: measure and friends

    @inline(__always) static func isVowel(_ c: UInt8) -> Bool {
        c == 0x61 || c == 0x65 || c == 0x69 || c == 0x6F || c == 0x75
    }

    /// NLTK's `_is_consonant`: a `y` after a run of `y`s flips with each one.
    static func isConsonant(_ w: ArraySlice<UInt8>, _ index: Int) -> Bool {
        var i = index
        if isVowel(w[i]) { return false }
        if w[i] == UInt8(ascii: "y") {
            var negate = false
            while i > w.startIndex && w[i] == UInt8(ascii: "y") {
                negate.toggle()
                i -= 1
            }
            return !isVowel(w[i]) != negate
        }
        return true
    }

    /// NLTK's `_consonant_flags`: `y` is a consonant at the start and the opposite of its predecessor elsewhere.
    static func consonantFlags(_ w: ArraySlice<UInt8>) -> [Bool] {
        var flags: [Bool] = []
        flags.reserveCapacity(w.count)
        for (offset, c) in w.enumerated() {
            if isVowel(c) {
                flags.append(false)
            } else if c == UInt8(ascii: "y") {
                flags.append(offset == 0 ? true : !flags[offset - 1])
            } else {
                flags.append(true)
            }
        }
        return flags
    }

    /// The number of vowel-consonant sequences.
    static func measure(_ w: ArraySlice<UInt8>) -> Int {
        let flags = consonantFlags(w)
        var count = 0
        var i = 1
        while i < flags.count {
            if !flags[i - 1] && flags[i] { count += 1 }
            i += 1
        }
        return count
    }

    static func containsVowel(_ w: ArraySlice<UInt8>) -> Bool { consonantFlags(w).contains(false) }

    static func endsDoubleConsonant(_ w: ArraySlice<UInt8>) -> Bool {
        w.count >= 2 && w[w.endIndex - 1] == w[w.endIndex - 2] && isConsonant(w, w.endIndex - 1)
    }

    static func endsCVC(_ w: ArraySlice<UInt8>) -> Bool {
        let n = w.endIndex
        if w.count >= 3 && isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1)
            && w[n - 1] != UInt8(ascii: "w") && w[n - 1] != UInt8(ascii: "x") && w[n - 1] != UInt8(ascii: "y")
        {
            return true
        }
        return w.count == 2 && !isConsonant(w, w.startIndex) && isConsonant(w, w.startIndex + 1)
    }

    static func ends(_ w: Word, _ suffix: String) -> Bool {
        let s = Array(suffix.utf8)
        return w.count >= s.count && w[(w.count - s.count)...].elementsEqual(s)
    }

    /// NLTK's `_apply_rule_list`: the first rule whose suffix matches decides, whether or not its condition holds.
    static func applyRules(_ w: inout Word, _ rules: [(String, String, Condition?)]) {
        for (suffix, replacement, condition) in rules {
            if suffix == "*d" {
                if endsDoubleConsonant(w[...]) {
                    let stem = w[..<(w.count - 2)]
                    if condition == nil || condition!(stem) { w = Array(stem) + Array(replacement.utf8) }
                    return
                }
                continue
            }
            if ends(w, suffix) {
                let stem = w[..<(w.count - suffix.utf8.count)]
                if condition == nil || condition!(stem) { w = Array(stem) + Array(replacement.utf8) }
                return
            }
        }
    }

    static let positiveMeasure: Condition = { measure($0) > 0 }
    static let measureAbove1: Condition = { measure($0) > 1 }

    // MARK: steps

    static func step1a(_ w: inout Word) {
        if ends(w, "ies") && w.count == 4 {
            w = Array(w[..<(w.count - 3)]) + Array("ie".utf8)
            return
        }
        applyRules(&w, [("sses", "ss", nil), ("ies", "i", nil), ("ss", "ss", nil), ("s", "", nil)])
    }

    static func step1b(_ w: inout Word) {
        if ends(w, "ied") {
            w = Array(w[..<(w.count - 3)]) + Array((w.count == 4 ? "ie" : "i").utf8)
            return
        }
        if ends(w, "eed") {
            let stem = w[..<(w.count - 3)]
            if measure(stem) > 0 { w = Array(stem) + Array("ee".utf8) }
            return
        }
        var intermediate: Word?
        for suffix in ["ed", "ing"] where ends(w, suffix) {
            let stem = w[..<(w.count - suffix.utf8.count)]
            if containsVowel(stem) {
                intermediate = Array(stem)
                break
            }
        }
        guard var stem = intermediate else { return }
        let last = stem.last!
        applyRules(&stem, [
            ("at", "ate", nil), ("bl", "ble", nil), ("iz", "ize", nil),
            ("*d", String(UnicodeScalar(last)), { _ in last != UInt8(ascii: "l") && last != UInt8(ascii: "s") && last != UInt8(ascii: "z") }),
            ("", "e", { measure($0) == 1 && endsCVC($0) }),
        ])
        w = stem
    }

    static func step1c(_ w: inout Word) {
        applyRules(&w, [("y", "i", { $0.count > 1 && isConsonant($0, $0.endIndex - 1) })])
    }

    static func step2(_ w: inout Word) {
        if ends(w, "alli") && measure(w[..<(w.count - 4)]) > 0 {
            w = Array(w[..<(w.count - 4)]) + Array("al".utf8)
            step2(&w)
            return
        }
        let whole = w
        var rules: [(String, String, Condition?)] = [
            ("ational", "ate", positiveMeasure), ("tional", "tion", positiveMeasure), ("enci", "ence", positiveMeasure),
            ("anci", "ance", positiveMeasure), ("izer", "ize", positiveMeasure), ("bli", "ble", positiveMeasure),
            ("alli", "al", positiveMeasure), ("entli", "ent", positiveMeasure), ("eli", "e", positiveMeasure),
            ("ousli", "ous", positiveMeasure), ("ization", "ize", positiveMeasure), ("ation", "ate", positiveMeasure),
            ("ator", "ate", positiveMeasure), ("alism", "al", positiveMeasure), ("iveness", "ive", positiveMeasure),
            ("fulness", "ful", positiveMeasure), ("ousness", "ous", positiveMeasure), ("aliti", "al", positiveMeasure),
            ("iviti", "ive", positiveMeasure), ("biliti", "ble", positiveMeasure), ("fulli", "ful", positiveMeasure),
        ]
        rules.append(("logi", "log", { _ in measure(whole[..<(whole.count - 3)]) > 0 }))
        applyRules(&w, rules)
    }

    static func step3(_ w: inout Word) {
        applyRules(&w, [
            ("icate", "ic", positiveMeasure), ("ative", "", positiveMeasure), ("alize", "al", positiveMeasure),
            ("iciti", "ic", positiveMeasure), ("ical", "ic", positiveMeasure), ("ful", "", positiveMeasure),
            ("ness", "", positiveMeasure),
        ])
    }

    static func step4(_ w: inout Word) {
        applyRules(&w, [
            ("al", "", measureAbove1), ("ance", "", measureAbove1), ("ence", "", measureAbove1), ("er", "", measureAbove1),
            ("ic", "", measureAbove1), ("able", "", measureAbove1), ("ible", "", measureAbove1), ("ant", "", measureAbove1),
            ("ement", "", measureAbove1), ("ment", "", measureAbove1), ("ent", "", measureAbove1),
            ("ion", "", { measure($0) > 1 && ($0.last == UInt8(ascii: "s") || $0.last == UInt8(ascii: "t")) }),
            ("ou", "", measureAbove1), ("ism", "", measureAbove1), ("ate", "", measureAbove1), ("iti", "", measureAbove1),
            ("ous", "", measureAbove1), ("ive", "", measureAbove1), ("ize", "", measureAbove1),
        ])
    }

    static func step5a(_ w: inout Word) {
        guard w.last == UInt8(ascii: "e") else { return }
        let stem = w[..<(w.count - 1)]
        let m = measure(stem)
        if m > 1 || (m == 1 && !endsCVC(stem)) { w = Array(stem) }
    }

    static func step5b(_ w: inout Word) {
        let whole = w
        applyRules(&w, [("ll", "l", { _ in measure(whole[..<(whole.count - 1)]) > 1 })])
    }
}
