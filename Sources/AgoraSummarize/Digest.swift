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
        /// With a language-model back end: the answers reviewed, those asked again after a degenerate answer, and
        /// the nodes that took the extractive pick after a second one. Nil (and left out of the JSON) otherwise.
        public var reviewedAnswers: Int?
        public var retriedAnswers: Int?
        public var fallbacks: Int?

        enum CodingKeys: String, CodingKey {
            case words, turns, speakers, segments, agents
            case modelCalls = "model_calls"
            case reviewedAnswers = "reviewed_answers"
            case retriedAnswers = "retried_answers"
            case fallbacks
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
