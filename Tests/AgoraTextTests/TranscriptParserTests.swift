import AgoraText
import Testing

@Suite struct TranscriptParserTests {
    @Test func speakerLinesWithTimestampsInEveryCommonForm() {
        let transcript = TranscriptParser.parse("""
            [00:00:05] Ana: We ship on Monday.
            00:01:10 Bo: Agreed.
            (1:15) Ana: Then the beta.
            Bo (00:02:00): Fine by me.
            Ana: And no stamp here.
            """)
        #expect(transcript.turns.map(\.speaker) == ["Ana", "Bo", "Ana", "Bo", "Ana"])
        #expect(transcript.turns.map(\.timestamp) == ["00:00:05", "00:01:10", "1:15", "00:02:00", nil])
        #expect(transcript.turns.map(\.text) == ["We ship on Monday.", "Agreed.", "Then the beta.", "Fine by me.", "And no stamp here."])
        #expect(transcript.turns.map(\.line) == [1, 2, 3, 4, 5])
        #expect(transcript.speakers == ["Ana", "Bo"])
    }

    @Test func plainParagraphsAreTurnsWithoutSpeakers() {
        let transcript = TranscriptParser.parse("""
            Good morning. Today is about latency.

            Here is the thing: tools block.
            They block for a long time.

            First: we measure. Then we fix.
            """)
        #expect(transcript.turns.count == 3)
        #expect(transcript.turns.allSatisfy { $0.speaker == nil })
        #expect(transcript.turns[1].text == "Here is the thing: tools block. They block for a long time.")
        #expect(transcript.turns[2].text == "First: we measure. Then we fix.")
        #expect(transcript.wordCount == 24)
    }

    @Test func aLabelSeenOnceInProseIsNotASpeaker() {
        let transcript = TranscriptParser.parse("Note: this is prose.\nIt goes on here.\nAnd on.\nAnd on again.")
        #expect(transcript.turns.count == 1)
        #expect(transcript.turns[0].speaker == nil)
    }

    @Test func continuationLinesJoinTheirSpeakersTurn() {
        let transcript = TranscriptParser.parse("Ana: first part\nsecond part\nBo: reply\nAna: again")
        #expect(transcript.turns.map(\.text) == ["first part second part", "reply", "again"])
    }

    @Test func wordCounterCountsRunsOfNonSpace() {
        #expect(WordCounter.count("  one two\tthree\nfour  ") == 4)
        #expect(WordCounter.count("") == 0)
        #expect(WordCounter.count("xx one two\r\nthree"[...].dropFirst(3)) == 3)
    }
}
