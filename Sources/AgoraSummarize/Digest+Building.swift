import AgoraText

// Public pieces of the swarm's digest, so that other front ends (pipeline files, Swift pipelines) can build the
// same digest from the same parts.

extension Digest {
    /// A model's answer read as the swarm reads it: one sentence a line, bullets and numbering removed.
    public static func sentences(inAnswer text: String) -> [String] {
        Work.sentences(in: text)
    }

    /// The transcript-level counts of a digest: words, turns and speakers.
    public static func stats(of transcript: Transcript, segments: Int, agents: Int, modelCalls: Int) -> Stats {
        Stats(words: transcript.wordCount, turns: transcript.turns.count, speakers: transcript.speakers.count,
              segments: segments, agents: agents, modelCalls: modelCalls)
    }
}

extension Digest.Section {
    /// The part of the detailed summary that covers `segments`: its title (segment numbers, and times when the
    /// transcript has them), its speakers in order of first appearance, and its sentences.
    public init(segments: [Segment], sentences: [String]) {
        let first = segments.first?.number ?? 0
        let last = segments.last?.number ?? 0
        let range = Segment.timeRange(of: segments)
        let start = range?.start
        let end = range?.end
        var title = first == last ? "Segment \(first)" : "Segments \(first)–\(last)"
        if let start, let end { title += " (\(start)–\(end))" }
        var speakers: [String] = []
        for segment in segments {
            for speaker in segment.speakers where !speakers.contains(speaker) { speakers.append(speaker) }
        }
        self.init(title: title, firstSegment: first, lastSegment: last, startTime: start, endTime: end,
                  speakers: speakers, sentences: sentences)
    }
}
