import AgoraCore
import AgoraDefinitions
import AgoraPipelines
import AgoraRuntime
import AgoraTestKit
import Testing

/// A summarisation request over the back end's context is split in halves by child agents, in pipeline files as
/// in the summarisation swarm.
@Suite struct ContextSplitTests {
    /// A model that refuses more than 40 words of user text and otherwise answers with the first word of each line.
    let smallContext = ScriptedBackend(respond: { request in
        let text = request.messages.last?.content ?? ""
        if text.split(whereSeparator: \.isWhitespace).count > 40 {
            throw ModelBackendError.contextLengthExceeded(backend: "test", detail: "40 words at most")
        }
        return ModelResponse(text: text.split(separator: "\n").compactMap { $0.split(separator: " ").first }.joined(separator: " "))
    })

    /// Twelve lines of ten words, each starting with its own marker word.
    let longText = (1...12).map { line in (["line\(line)"] + Array(repeating: "word", count: 9)).joined(separator: " ") }.joined(separator: "\n")

    @Test func aMapItemOverTheContextIsAnsweredInHalves() async throws {
        let library = ["brief": AgentDefinition(name: "brief", instructions: "Summarise.", backend: "test")]
        let pipeline = try PipelineFile.parse("""
            inputs: [items]
            output: briefs
            steps:
              - map: brief
                over: items
                words: 10
                output: briefs
            """, file: "t.yaml", library: AgentLibrary(agents: library))
        let sink = RecordingTraceSink()
        let swarm = Swarm(backends: [smallContext], trace: sink)
        let values = try await PipelineRunner(pipeline: pipeline, library: library)
            .runAll(inputs: ["items": .list([.text("short item"), .text(longText)])], in: swarm)
        guard case .list(let briefs)? = values["briefs"] else { Issue.record("no list of briefs"); return }
        // 120 words over a 40-word context: halves of 60 words, then quarters of 30 that fit; the answers of the
        // quarters come back joined in the order of the text, so no line is lost or reordered.
        #expect(briefs == [.text("short"), .text("line1 line2 line3\nline4 line5 line6\nline7 line8 line9\nline10 line11 line12")])
        let paths = Set(sink.recorded.map(\.path.rawValue))
        #expect(paths.contains { $0.hasSuffix("/split-1/split-2") })
        #expect(paths.contains { $0.hasSuffix("/split-2/split-1") })
        #expect(!paths.contains { $0.hasSuffix("/split-1/split-1/split-1") })
    }

    @Test func aSingleWordThatStillDoesNotFitIsTheBackEndsError() async throws {
        let tiny = ScriptedBackend(respond: { _ in throw ModelBackendError.contextLengthExceeded(backend: "test", detail: "nothing fits") })
        await #expect { try await Swarm(backends: [tiny]).run { root in try await root.answer(nil, text: "a few words here", words: 5) } } throws: { error in
            isContextLengthExceeded((error as? AgentFailure)?.underlying ?? error)
        }
    }

    @Test func aChatRequestIsNotSplit() async throws {
        // Without `words` the request is not a summary: halves of a question would be two other questions.
        let swarm = Swarm(backends: [smallContext])
        await #expect { try await swarm.run { root in try await root.answer(nil, text: longText) } } throws: { error in
            isContextLengthExceeded((error as? AgentFailure)?.underlying ?? error)
        }
        #expect(swarm.stats.startedAgents == 1)
    }
}
