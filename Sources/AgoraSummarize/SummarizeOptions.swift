/// How the summarisation swarm cuts and combines a transcript.
public struct SummarizeOptions: Sendable, Hashable {
    /// Words per map segment (segments end at turn boundaries).
    public var segmentWords: Int
    /// How many summaries a reducer combines.
    public var fanIn: Int

    public init(segmentWords: Int = 1_500, fanIn: Int = 4) {
        self.segmentWords = segmentWords
        self.fanIn = fanIn
    }
}
