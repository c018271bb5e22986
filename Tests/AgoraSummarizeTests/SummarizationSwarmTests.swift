import AgoraCore
import AgoraLocal
import AgoraRuntime
import AgoraSummarize
import AgoraTestKit
import Foundation
import Testing

/// A stand-in model that "summarises" by keeping the first line of what it is given (the hint's text, which a
/// framed request delimits inside its prompt), minus any label.
func firstLineModel() -> ScriptedBackend { ScriptedBackend(slots: 4) { request in
    let text = request.summarization?.text ?? request.messages.filter { $0.role == .user }.map(\.content).joined(separator: "\n")
    var line = text.split(separator: "\n").first.map(String.init) ?? ""
    if let colon = line.firstIndex(of: ":") { line = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces) }
    return ModelResponse(text: "- " + line, usage: TokenUsage(inputTokens: text.count / 4, outputTokens: line.count / 4))
} }

/// 12 turns of 50 words: with 100-word segments that is 6 segments.
let twelveTurns = (1...12).map { index in
    "Speaker\(index % 3): Point \(index) " + Array(repeating: "word", count: 47).joined(separator: " ") + " end."
}.joined(separator: "\n")

@Suite struct SummarizationSwarmTests {
    @Test func mapReduceDigestRunsOneAgentPerSegmentAndATreeOfReducers() async throws {
        let model = firstLineModel()
        let swarm = Swarm(backends: [model])
        let pipeline = SummarizationSwarm(options: SummarizeOptions(segmentWords: 100, fanIn: 2))
        let digest = try await pipeline.run(text: twelveTurns, source: "t.txt", in: swarm)

        #expect(digest.stats.segments == 6)
        #expect(digest.stats.words == 12 * 50)
        #expect(digest.stats.speakers == 3)
        // Sections are the first-level groups of fan-in 2, in order.
        #expect(digest.sections.map(\.title) == ["Segments 1–2", "Segments 3–4", "Segments 5–6"])
        let firstPoints: [[String]] = [1, 5, 9].map { ["Point \($0) \(words47) end."] }
        #expect(digest.sections.map(\.sentences) == firstPoints)
        #expect(digest.keyTakeaways == firstPoints[0])
        #expect(digest.tldr == digest.keyTakeaways)
        // root, map, 6 segments, reduce, 3 groups, 2 level reducers, digest.
        #expect(digest.stats.agents == 15)
        #expect(digest.stats.agents == pipeline.plannedAgents(segments: 6))
        // One call per segment, group, level reducer, the top reduction and the digest.
        let expectedCalls = 13
        #expect(model.requests.count == expectedCalls)
        let mapRequests = model.requests.prefix(6)
        #expect(mapRequests.allSatisfy { $0.summarization?.document?.text == twelveTurns })
        #expect(Set(mapRequests.compactMap { $0.summarization?.position }).count == 6)
    }

    var words47: String { Array(repeating: "word", count: 47).joined(separator: " ") }

    @Test func aSegmentOverTheContextIsSplitAndRetried() async throws {
        // A model whose context holds 60 words: 100-word segments must be halved once.
        let echo = firstLineModel()
        let model = ScriptedBackend(slots: 4) { request in
            let text = request.summarization?.text ?? request.messages.filter { $0.role == .user }.map(\.content).joined(separator: "\n")
            if text.split(separator: " ").count > 60 {
                throw ModelBackendError.contextLengthExceeded(backend: "test", detail: "60 words max")
            }
            return try await echo.complete(request)
        }
        let sink = RecordingTraceSink()
        let swarm = Swarm(backends: [model], trace: sink)
        let digest = try await SummarizationSwarm(options: SummarizeOptions(segmentWords: 100, fanIn: 2)).run(text: twelveTurns, source: "t", in: swarm)
        #expect(digest.sections.count == 3)
        let splits = Set(sink.recorded.map(\.path.rawValue).filter { $0.hasSuffix("/split-1") || $0.hasSuffix("/split-2") })
        // Every 100-word segment halves once; reducers and the digest halve their inputs too.
        #expect(splits.filter { $0.hasPrefix("root/map/") }.count == 12)
        #expect(splits.contains("root/map/segment-3/split-2"))
        #expect(splits.contains { $0.hasPrefix("root/reduce/") })
        #expect(splits.contains { $0.hasPrefix("root/digest/") })
        // What the halves found is kept, in order: the sections start with each group's first point.
        #expect(digest.sections[0].sentences.first?.hasPrefix("Point 1 ") == true)
        #expect(digest.sections[2].sentences.first?.hasPrefix("Point 9 ") == true)
    }

    @Test func aModelThatSaysNothingGivesNoSentencesError() async throws {
        let silent = ScriptedBackend(slots: 2) { _ in ModelResponse(text: "  \n") }
        await #expect(throws: SummarizeError.noSentences) {
            _ = try await SummarizationSwarm().run(text: twelveTurns, source: "t", in: Swarm(backends: [silent]))
        }
    }

    @Test func badOptionsAreNamed() async throws {
        let error = await #expect(throws: SummarizeError.self) {
            _ = try await SummarizationSwarm(options: SummarizeOptions(fanIn: 1)).run(text: twelveTurns, source: "t", in: Swarm(backends: [firstLineModel()]))
        }
        #expect(error?.description == "--fan-in must be at least 2 (got 1)")
    }

    @Test func markdownHasTheThreeSectionsAndJSONRoundTrips() async throws {
        let digest = try await SummarizationSwarm(options: SummarizeOptions(segmentWords: 100, fanIn: 2))
            .run(text: twelveTurns, source: "t.txt", in: Swarm(backends: [firstLineModel()]))
        let markdown = digest.markdown
        for heading in ["# Summary of t.txt", "## TL;DR", "## Key takeaways", "## Detailed summary", "### Segments 1–2"] {
            #expect(markdown.contains(heading + "\n"))
        }
        #expect(markdown.contains("\n- Point 1 "))
        let decoded = try JSONDecoder().decode(Digest.self, from: Data(try digest.json().utf8))
        #expect(decoded == digest)
        #expect(try digest.json().contains("\"key_takeaways\""))
        // The sentences format is the takeaways alone: one "Point N ..." line each, no headings or bullets.
        let lines = digest.sentencesText.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "" && lines.count > 1, "ends with a line break: \(digest.sentencesText)")
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("Point ") }, "\(digest.sentencesText)")
        #expect(!digest.sentencesText.contains("#") && !digest.sentencesText.contains("- "))
    }
}
