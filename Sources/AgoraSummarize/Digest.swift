/// What the summarisation swarm produces: a TL;DR, key takeaways, and a detailed summary in parts.
public struct Digest: Sendable, Hashable, Codable {
    /// One part of the detailed summary: a group of consecutive segments.
    public struct Section: Sendable, Hashable, Codable {
        public var title: String
        public var firstSegment: Int
        public var lastSegment: Int
        public var startTime: String?
        public var endTime: String?
        public var speakers: [String]
        public var sentences: [String]

        enum CodingKeys: String, CodingKey {
            case title, sentences, speakers
            case firstSegment = "first_segment", lastSegment = "last_segment"
            case startTime = "start_time", endTime = "end_time"
        }
    }

    public struct Stats: Sendable, Hashable, Codable {
        public var words: Int
        public var turns: Int
        public var speakers: Int
        public var segments: Int
        public var agents: Int
        public var modelCalls: Int

        enum CodingKeys: String, CodingKey {
            case words, turns, speakers, segments, agents
            case modelCalls = "model_calls"
        }
    }

    public var source: String
    public var tldr: [String]
    public var keyTakeaways: [String]
    public var sections: [Section]
    public var stats: Stats

    public init(source: String, tldr: [String], keyTakeaways: [String], sections: [Section], stats: Stats) {
        self.source = source
        self.tldr = tldr
        self.keyTakeaways = keyTakeaways
        self.sections = sections
        self.stats = stats
    }

    enum CodingKeys: String, CodingKey {
        case source, tldr, sections, stats
        case keyTakeaways = "key_takeaways"
    }
}
