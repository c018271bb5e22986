/// A transcript as a list of turns: who spoke, when (if the source says), and what they said.
public struct Transcript: Sendable, Hashable {
    public struct Turn: Sendable, Hashable {
        /// 0-based position among the transcript's turns.
        public var index: Int
        public var speaker: String?
        /// The timestamp as written in the source (`00:01:23`, `1:23`), if any.
        public var timestamp: String?
        public var text: String
        /// 1-based line in the source where the turn starts.
        public var line: Int

        public init(index: Int, speaker: String?, timestamp: String?, text: String, line: Int) {
            self.index = index
            self.speaker = speaker
            self.timestamp = timestamp
            self.text = text
            self.line = line
        }

        /// The number of whitespace-separated words in `text`.
        public var wordCount: Int { WordCounter.count(text) }
    }

    public var turns: [Turn]

    public init(turns: [Turn]) {
        self.turns = turns
    }

    public var wordCount: Int { turns.reduce(0) { $0 + $1.wordCount } }
    public var speakers: [String] {
        var seen = Set<String>()
        return turns.compactMap { turn in
            guard let speaker = turn.speaker, seen.insert(speaker).inserted else { return nil }
            return speaker
        }
    }
}

public enum WordCounter {
    /// Counts runs of non-whitespace bytes; fast enough to call on every sentence of a large input.
    public static func count<S: StringProtocol>(_ text: S) -> Int {
        text.utf8.withContiguousStorageIfAvailable { count(utf8: $0) } ?? count(utf8: text.utf8)
    }

    /// Counts runs of bytes other than space, tab, CR and LF.
    public static func count(bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int {
        count(utf8: bytes)
    }

    static func count<Bytes: Sequence<UInt8>>(utf8 bytes: Bytes) -> Int {
        var count = 0
        var inWord = false
        for byte in bytes {
            let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
            if !isSpace && !inWord { count += 1 }
            inWord = !isSpace
        }
        return count
    }
}
