import AgoraText

extension FuzzTarget {
    /// What the extractive summariser does with a transcript: parse, split each turn, clean each sentence.
    static func transcript(_ text: String) {
        let parsed = TranscriptParser.parse(text)
        for turn in parsed.turns {
            for sentence in SentenceSplitter.split(turn.text) {
                let (cleaned, cores) = SpokenCleaner.cleanWithCores(sentence)
                _ = SpokenCleaner.isCandidate(cleaned)
                precondition(cores.count <= sentence.utf8.count, "more words than bytes")
            }
        }
    }

    /// The pieces are trimmed, non-empty, in order and do not overlap.
    static func splitter(_ text: String) {
        var previousEnd = text.startIndex
        for piece in SentenceSplitter.split(text) {
            precondition(!piece.isEmpty, "an empty sentence")
            precondition(piece.trimmingWhitespace() == piece, "a sentence with white space around it")
            precondition(piece.startIndex >= previousEnd, "sentences overlap or go backwards")
            previousEnd = piece.endIndex
        }
    }

    /// `clean` and `cleanWithCores` agree, and the cleaned sentence has no more words than the input.
    static func cleaner(_ text: String) {
        let cleaned = SpokenCleaner.clean(text)
        let (same, cores) = SpokenCleaner.cleanWithCores(text)
        precondition(cleaned == same, "clean and cleanWithCores disagree")
        // Words split at the space byte: a Character split would miss a space that a combining mark follows.
        precondition(cores.count == (cleaned.isEmpty ? 0 : cleaned.utf8.split(separator: 0x20).count), "cores do not match words")
    }
}
