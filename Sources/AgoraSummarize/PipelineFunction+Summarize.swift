import AgoraDefinitions
import AgoraPipelines
import AgoraRuntime
import AgoraText

// The summarisation swarm's steps as pipeline functions, so that `Agents/pipelines/summarize.yaml` gives the
// swarm's digest: they live here, beside `Segment` and `Digest`, and a composition root registers them.

extension PipelineFunction {
    /// `segment` and `digest`.
    public static let summarizer: [PipelineFunction] = [segment, digest]

    /// `segment`: a transcript cut into segments at turn boundaries, as the swarm cuts it.
    public static let segment = PipelineFunction(
        signature: FunctionSignature(name: "segment", summary: "cut a transcript into segments at turn boundaries", arguments: [
            .init("transcript", .value), .init("words", .integer, default: "500"),
        ])
    ) { call in
        let plan = SummarizationPlan(text: try call.value("transcript").text, segmentWords: try call.integer("words"))
        guard plan.transcript.wordCount > 0 else { throw SummarizeError.noText }
        return .list(plan.segments.map(PipelineValue.segment))
    }

    /// `digest`: the summarisation swarm's digest from its parts. It counts the agents the run has started so far,
    /// so call it last.
    public static let digest = PipelineFunction(
        signature: FunctionSignature(name: "digest", summary: "render the summarisation swarm's digest", arguments: [
            .init("transcript", .value), .init("segments", .value), .init("sections", .value),
            .init("takeaways", .value), .init("tldr", .value), .init("fan_in", .integer, default: "4"),
            .init("format", .text, default: "markdown"),
        ]),
        body: renderDigest
    )

    @Sendable static func renderDigest(_ call: Call) throws -> PipelineValue {
        let transcript = TranscriptParser.parse(try call.value("transcript").text)
        let segments = try call.list("segments").compactMap(\.segment)
        let groups = TreeFold.chunks(segments.count, size: try call.integer("fan_in"))
        let parts = try call.list("sections")
        guard parts.count == groups.count else {
            throw FunctionError("`sections` has \(parts.count) parts for \(groups.count) groups of \(segments.count) segments (is `fan_in` the reduce step's?)")
        }
        let takeaways = try call.value("takeaways").leaves
        guard !takeaways.isEmpty else { throw SummarizeError.noSentences }
        let stats = call.stats
        let digest = Digest(
            source: call.source("transcript"),
            tldr: try call.value("tldr").leaves,
            keyTakeaways: takeaways,
            sections: zip(groups, parts).map { Digest.Section(segments: Array(segments[$0]), sentences: $1.leaves) },
            stats: Digest.stats(of: transcript, segments: segments.count, agents: stats.startedAgents, modelCalls: stats.modelCalls)
        )
        switch call.arguments["format"] ?? "markdown" {
        case "markdown": return .text(digest.markdown)
        case "json": return .text(try digest.json())
        case "sentences": return .text(digest.sentencesText)
        case let other: throw FunctionError("`format` must be markdown, json or sentences, not '\(other)'")
        }
    }
}
