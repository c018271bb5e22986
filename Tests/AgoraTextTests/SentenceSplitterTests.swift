import AgoraText
import Testing

@Suite struct SentenceSplitterTests {
    @Test func splitsAtTerminalPunctuation() {
        #expect(SentenceSplitter.split("We start now. Is that fine? Great!") == ["We start now.", "Is that fine?", "Great!"])
    }

    @Test func keepsAbbreviationsInitialsAndDecimals() {
        let text = "Mr. Smith paid 3.5 euros, e.g. for the case. J. Doe agreed. No. 5 is next."
        #expect(SentenceSplitter.split(text) == ["Mr. Smith paid 3.5 euros, e.g. for the case.", "J. Doe agreed.", "No. 5 is next."])
    }

    @Test func ellipsisEndsASentenceOnlyBeforeACapital() {
        #expect(SentenceSplitter.split("We could... maybe not. Then... We stop") == ["We could... maybe not.", "Then...", "We stop"])
    }

    @Test func textWithoutFinalPunctuationIsASentence() {
        #expect(SentenceSplitter.split("so we go on with the design") == ["so we go on with the design"])
        #expect(SentenceSplitter.split("One. two") == ["One. two"])
        #expect(SentenceSplitter.split("   ").isEmpty)
    }

    @Test func worksOnSpeakerTaggedTranscripts() {
        let transcript = TranscriptParser.parse("""
            [00:00:05] Alice: Welcome everyone. Today we pick the case
            Bob (00:01:10): Mm-hmm. Rubber is cheaper.
            """)
        let sentences = transcript.turns.flatMap { SentenceSplitter.split($0.text) }
        #expect(sentences == ["Welcome everyone.", "Today we pick the case", "Mm-hmm.", "Rubber is cheaper."])
        #expect(transcript.turns.map(\.speaker) == ["Alice", "Bob"])
        #expect(transcript.turns.map(\.timestamp) == ["00:00:05", "00:01:10"])
    }
}
