import AgoraText
import Testing

/// Text in which the splitter finds no sentence end (ASR output often has no punctuation) is cut at white space
/// into pieces of about `SentenceSplitter.maxSentenceBytes`, so no later step sees a megabyte-long "sentence".
@Suite struct SentenceSplitterBoundTests {
    @Test func unpunctuatedTextIsCutAtWhiteSpace() {
        let words = (0..<5_000).map { ["we", "should", "ship", "the", "release", "on", "monday"][$0 % 7] }
        let text = words.joined(separator: " ")
        let pieces = SentenceSplitter.split(text)
        #expect(pieces.count > 1)
        for piece in pieces {
            #expect(piece.utf8.count <= SentenceSplitter.maxSentenceBytes + "release".utf8.count + 1)
        }
        // Nothing is lost or split inside a word.
        #expect(pieces.flatMap { $0.split(separator: " ") } == words.map { Substring($0) })
    }

    @Test func sentencesUnderTheBoundAreUntouched() {
        let sentence = "We" + String(repeating: " ship the release on monday", count: 100) + " then."
        #expect(sentence.utf8.count < SentenceSplitter.maxSentenceBytes)
        #expect(SentenceSplitter.split(sentence + " " + sentence) == [Substring(sentence), Substring(sentence)])
    }

    @Test func aWordLongerThanTheBoundStaysWhole() {
        let word = String(repeating: "x", count: 3 * SentenceSplitter.maxSentenceBytes)
        let pieces = SentenceSplitter.split("so \(word) then")
        #expect(pieces.map(\.count) == ["so \(word)".count, "then".count])
    }
}
