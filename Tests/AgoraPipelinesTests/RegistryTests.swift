import AgoraDefinitions
import AgoraPipelines
import AgoraRuntime
import AgoraSummarize
import AgoraTestKit
import Foundation
import Testing

/// The engine runs what it is given: its own functions built in, the summariser's and the economy's registered.
@Suite struct RegistryTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every agent and pipeline file the repository ships loads without a mistake, with the functions registered.
    @Test func everyShippedFileLoads() throws {
        let agents = Self.repository.appendingPathComponent("Agents").path
        let library = try AgentLibrary.load(folder: agents)
        #expect(library.agents.keys.sorted() == ["digest-writer", "lead", "reducer", "researcher", "segment-summarizer"])
        var pipelines: [String] = []
        for folder in ["Agents/pipelines", "Examples/pipelines"] {
            let path = Self.repository.appendingPathComponent(folder).path
            let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".yaml") }
            pipelines += names.map { path + "/" + $0 }
        }
        #expect(pipelines.count >= 3)
        for file in pipelines {
            _ = try PipelineFile.load(file, library: library, functions: PipelineRegistry.tests.signatures)
        }
    }

    @Test func theEngineBuildsInOnlyItsGenericFunctions() {
        #expect(PipelineRegistry.builtIn.signatures.map(\.name) == ["chunk", "join"])
        #expect(PipelineRegistry.builtIn.market == nil)
        #expect(PipelineRegistry.tests.function("digest")?.signature.name == "digest")
    }

    @Test func aMarketStepNeedsARegisteredMarket() async throws {
        let pipeline = try PipelineFile.parse(MarketStepTests.market(""), file: "t.yaml", library: AgentLibrary(agents: StepTests.library))
        let runner = PipelineRunner(pipeline: pipeline, library: StepTests.library)
        await #expect(throws: PipelineError.self) {
            try await runner.run(inputs: ["a": .text("job")], in: Swarm(backends: [StepTests.model()]))
        }
        do {
            _ = try await runner.run(inputs: ["a": .text("job")], in: Swarm(backends: [StepTests.model()]))
        } catch {
            #expect("\(error)" == "t.yaml:3: step 'market': no market is registered to run a `market` step")
        }
    }

    /// A segment travels as a payload the engine does not know: its text and position are read, its type kept.
    @Test func aSegmentIsAPayloadTheEngineCarries() throws {
        let segment = try #require(SummarizationPlan(text: "A: one two three.\nB: four five six.", segmentWords: 500).segments.first)
        let value = PipelineValue.segment(segment)
        #expect(value.text == segment.text)
        #expect(value.position == segment.position)
        #expect(value.kindName == "a segment")
        #expect(value.segment == segment)
        #expect(value == .segment(segment))
        #expect(value != .text(segment.text))
        #expect(Set([value, .segment(segment)]).count == 1)
        #expect(PipelineValue.text("x").segment == nil)
    }
}
