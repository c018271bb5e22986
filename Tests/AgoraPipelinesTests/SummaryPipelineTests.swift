import AgoraDefinitions
import AgoraLocal
import AgoraPipelines
import AgoraRuntime
import AgoraSummarize
import Foundation
import Testing

/// `Agents/pipelines/summarize.yaml` and `SummarizationSwarm` give the same digest, in process, also with
/// settings that make the reduce tree several levels deep.
@Suite struct SummaryPipelineTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8)
    }

    @Test(arguments: [500, 120, 40])
    func pipelineDigestEqualsTheSwarms(segmentWords: Int) async throws {
        let transcript = try Self.text("Examples/transcripts/talk-tool-latency.txt")
        let library = try AgentLibrary.load(folder: Self.repository.appendingPathComponent("Agents").path)
        let yaml = try Self.text("Agents/pipelines/summarize.yaml").replacingOccurrences(of: "words: 500", with: "words: \(segmentWords)")
        let pipeline = try PipelineFile.parse(yaml, file: "summarize.yaml", library: library, functions: PipelineRegistry.tests.signatures)

        let swarmDigest = try await SummarizationSwarm(options: SummarizeOptions(segmentWords: segmentWords, backend: "local:extractive"))
            .run(text: transcript, source: "talk.txt", in: Swarm(backends: [ExtractiveBackend()]))
        let output = try await PipelineRunner(pipeline: pipeline, library: library.agents, registry: .tests)
            .run(inputs: ["transcript": .text(transcript)], sources: ["transcript": "talk.txt"], in: Swarm(backends: [ExtractiveBackend()]))
        #expect(output == .text(swarmDigest.markdown))
        if segmentWords == 40 { #expect(swarmDigest.stats.segments > 16) }
    }
}
