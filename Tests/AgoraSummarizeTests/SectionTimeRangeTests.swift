import AgoraSummarize
import AgoraText
import Testing

/// A section's heading names its time span from the earliest timestamp to the latest, whatever order the
/// transcript wrote them in.
@Suite struct SectionTimeRangeTests {
    @Test func outOfOrderTimestampsPrintAForwardRange() {
        let transcript = TranscriptParser.parse("""
            [00:10:00] Ana: We ship on Monday.
            [00:02:30] Bo: Agreed, Monday it is.
            [1:05:00] Ana: The launch review is next.
            [00:04:00] Bo: Then the retrospective.
            """)
        let segments = Segmenter.segments(of: transcript, segmentWords: 100)
        let section = Digest.Section(segments: segments, sentences: ["x"])
        #expect(section.title == "Segment 1 (00:02:30–1:05:00)")
        #expect(section.startTime == "00:02:30" && section.endTime == "1:05:00")
    }

    @Test func inOrderAndUnreadableTimestampsKeepFirstAndLast() {
        let ordered = TranscriptParser.parse("[00:00:05] Ana: We ship on Monday.\n[00:01:10] Bo: Agreed, Monday it is.")
        #expect(Digest.Section(segments: Segmenter.segments(of: ordered, segmentWords: 100), sentences: []).title == "Segment 1 (00:00:05–00:01:10)")
        let untimed = TranscriptParser.parse("Ana: We ship on Monday.\nBo: Agreed.")
        #expect(Digest.Section(segments: Segmenter.segments(of: untimed, segmentWords: 100), sentences: []).title == "Segment 1")
    }
}
