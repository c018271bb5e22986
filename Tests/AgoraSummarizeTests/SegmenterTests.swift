import AgoraSummarize
import AgoraText
import Testing

@Suite struct SegmenterTests {
    func transcript(turnWords: [Int]) -> Transcript {
        Transcript(turns: turnWords.enumerated().map { index, words in
            Transcript.Turn(index: index, speaker: "S\(index % 3)", timestamp: nil,
                            text: (0..<words).map { "w\(index)x\($0)." }.joined(separator: " "), line: index + 1)
        })
    }

    @Test func segmentsEndAtTurnBoundariesUnderTheBudget() {
        let segments = Segmenter.segments(of: transcript(turnWords: [30, 30, 30, 30, 30, 30, 30]), segmentWords: 100)
        #expect(segments.map { $0.turns.count } == [3, 3, 1])
        #expect(segments.allSatisfy { $0.wordCount <= 100 })
        #expect(segments.map(\.number) == [1, 2, 3])
        // Every turn appears exactly once, in order.
        #expect(segments.flatMap { $0.turns.map(\.index) } == Array(0..<7))
        #expect(segments.map(\.position) == [0, 90.0 / 210.0, 180.0 / 210.0])
    }

    @Test func aTurnLongerThanASegmentIsCutBetweenSentences() {
        let text = (0..<25).map { "This is sentence number \($0) of the talk." }.joined(separator: " ")
        let turn = Transcript.Turn(index: 0, speaker: nil, timestamp: nil, text: text, line: 1)
        let segments = Segmenter.segments(of: Transcript(turns: [turn]), segmentWords: 40)
        #expect(segments.count > 1)
        #expect(segments.allSatisfy { $0.wordCount <= 40 })
        #expect(segments.allSatisfy { $0.turns.allSatisfy { $0.text.hasSuffix(".") } })
        #expect(segments.map { $0.turns.map(\.text).joined(separator: " ") }.joined(separator: " ") == text)
    }

    @Test func segmentTextKeepsSpeakersAndTimestamps() {
        let transcript = TranscriptParser.parse("[00:00:05] Ana: We ship on Monday.\n[00:01:10] Bo: Agreed, Monday it is.")
        let segment = Segmenter.segments(of: transcript, segmentWords: 100)[0]
        #expect(segment.text == "[00:00:05] Ana: We ship on Monday.\n[00:01:10] Bo: Agreed, Monday it is.")
        #expect(segment.firstTimestamp == "00:00:05")
        #expect(segment.lastTimestamp == "00:01:10")
        #expect(segment.speakers == ["Ana", "Bo"])
    }

    @Test func halvesSplitTurnsThenWords() throws {
        let transcript = TranscriptParser.parse("A: one two three four\nB: five six\nC: seven")
        let segment = Segmenter.segments(of: transcript, segmentWords: 100)[0]
        let (first, second) = try #require(segment.halves())
        #expect(first.turns.map(\.text) == ["one two three four"])
        #expect(second.turns.map(\.text) == ["five six", "seven"])
        let (left, right) = try #require(first.halves())
        #expect(left.turns[0].text == "one two")
        #expect(right.turns[0].text == "three four")
        let single = Segmenter.segments(of: TranscriptParser.parse("A: word"), segmentWords: 100)[0]
        #expect(single.halves() == nil)
    }
}
