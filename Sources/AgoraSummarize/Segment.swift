import AgoraText

/// A run of consecutive turns that one map agent summarises.
public struct Segment: Sendable, Hashable {
    /// 1-based, in transcript order.
    public var number: Int
    public var turns: [Transcript.Turn]
    /// Where the segment starts, as a fraction of the transcript's words.
    public var position: Double

    public var wordCount: Int { turns.reduce(0) { $0 + $1.wordCount } }
    public var speakers: [String] { Transcript(turns: turns).speakers }
    public var firstTimestamp: String? { turns.first { $0.timestamp != nil }?.timestamp }
    public var lastTimestamp: String? { turns.last { $0.timestamp != nil }?.timestamp }

    /// The segment as transcript lines, `Speaker: text`, as a model would read it.
    public var text: String {
        turns.map { turn in
            var line = ""
            if let timestamp = turn.timestamp { line += "[\(timestamp)] " }
            if let speaker = turn.speaker { line += speaker + ": " }
            return line + turn.text
        }.joined(separator: "\n")
    }

    /// Halves of the segment, for a back end whose context it overflows; nil when it cannot be split further.
    public func halves() -> (Segment, Segment)? {
        if turns.count >= 2 {
            let middle = turns.count / 2
            return (Segment(number: number, turns: Array(turns[..<middle]), position: position),
                    Segment(number: number, turns: Array(turns[middle...]), position: position))
        }
        guard let turn = turns.first else { return nil }
        let words = turn.text.split(separator: " ")
        guard words.count >= 2 else { return nil }
        let middle = words.count / 2
        var first = turn
        var second = turn
        first.text = words[..<middle].joined(separator: " ")
        second.text = words[middle...].joined(separator: " ")
        return (Segment(number: number, turns: [first], position: position),
                Segment(number: number, turns: [second], position: position))
    }
}

/// Cuts a transcript into segments of about `segmentWords` words, at turn boundaries. A turn longer than a
/// segment (a talk written as one paragraph) is cut between sentences so that no segment grows unbounded.
public enum Segmenter {
    public static func segments(of transcript: Transcript, segmentWords: Int) -> [Segment] {
        let totalWords = max(1, transcript.wordCount)
        var segments: [Segment] = []
        var current: [Transcript.Turn] = []
        var currentWords = 0
        var wordsBefore = 0
        var segmentStart = 0
        func close() {
            guard !current.isEmpty else { return }
            segments.append(Segment(number: segments.count + 1, turns: current, position: Double(segmentStart) / Double(totalWords)))
            current = []
            currentWords = 0
            segmentStart = wordsBefore
        }
        for turn in transcript.turns {
            for piece in pieces(of: turn, maxWords: segmentWords) {
                let words = piece.wordCount
                if currentWords > 0, currentWords + words > segmentWords { close() }
                current.append(piece)
                currentWords += words
                wordsBefore += words
            }
        }
        close()
        return segments
    }

    /// A turn of at most `maxWords`, or the turn cut after sentence ends into pieces of at most `maxWords`
    /// (a sentence longer than that is cut where it reaches the limit).
    static func pieces(of turn: Transcript.Turn, maxWords: Int) -> [Transcript.Turn] {
        guard turn.wordCount > maxWords else { return [turn] }
        var pieces: [Transcript.Turn] = []
        var words: [Substring] = []
        var lastSentenceEnd = 0
        func emit(_ count: Int) {
            var piece = turn
            piece.text = words[..<count].joined(separator: " ")
            pieces.append(piece)
            words.removeFirst(count)
            lastSentenceEnd = 0
        }
        for word in turn.text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
            words.append(word)
            if let last = word.last, ".!?".contains(last) { lastSentenceEnd = words.count }
            if words.count >= maxWords {
                emit(lastSentenceEnd > maxWords / 2 ? lastSentenceEnd : words.count)
            }
        }
        if !words.isEmpty { emit(words.count) }
        return pieces
    }
}
