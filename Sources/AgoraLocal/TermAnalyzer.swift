import AgoraText

/// Maps the words of a cleaned sentence to stemmed content-term ids, remembering each distinct word it has seen.
/// One analyser per document build (not shared across threads); a frozen copy serves lookups afterwards.
struct TermAnalyzer: Sendable {
    /// Word core (lowercased, punctuation stripped) to term id; -1 marks a stop word.
    private(set) var wordIDs: [String: Int32] = [:]
    private(set) var stemIDs: [String: Int32] = [:]
    var termCount: Int { stemIDs.count }

    struct Analysis {
        var words = 0
        var contentWords = 0
        var terms: [Int32] = []
    }

    /// Analyses a sentence given by the core forms of its words (``SpokenCleaner/cleanWithCores(_:)``), adding
    /// unseen terms to the vocabulary.
    mutating func analyze(cores: [String]) -> Analysis {
        var result = Analysis()
        for core in cores {
            result.words += 1
            guard !core.isEmpty else { continue }
            let id: Int32
            if let known = wordIDs[core] {
                id = known
            } else {
                id = Self.isStopWord(core) ? -1 : intern(Self.stemKey(core))
                wordIDs[core] = id
            }
            if id >= 0 {
                result.contentWords += 1
                result.terms.append(id)
            }
        }
        return result
    }

    /// Analyses `sentence` against a frozen vocabulary: unknown terms count as content but get no id.
    func lookup(_ sentence: String) -> Analysis {
        var result = Analysis()
        for word in sentence.split(separator: " ") {
            result.words += 1
            let core = SpokenCleaner.coreForm(word)
            guard !core.isEmpty else { continue }
            if let id = wordIDs[core] {
                if id >= 0 {
                    result.contentWords += 1
                    result.terms.append(id)
                }
            } else if !Self.isStopWord(core) {
                result.contentWords += 1
                if let id = stemIDs[Self.stemKey(core)] { result.terms.append(id) }
            }
        }
        return result
    }

    private mutating func intern(_ stem: String) -> Int32 {
        if let id = stemIDs[stem] { return id }
        let id = Int32(stemIDs.count)
        stemIDs[stem] = id
        return id
    }

    static func isStopWord(_ core: String) -> Bool {
        Lexicon.stopWords.contains(core) || core.utf8.count < 2 && !core.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
    }

    /// "team's" → "team", then the Porter stem.
    static func stemKey(_ core: String) -> String {
        var word = core
        if word.hasSuffix("'s") { word.removeLast(2) }
        if word.contains("'") { word.removeAll { $0 == "'" } }
        return PorterStemmer.stem(word)
    }
}
