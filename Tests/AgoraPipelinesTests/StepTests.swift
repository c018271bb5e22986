import AgoraCore
import AgoraDefinitions
import AgoraLocal
import AgoraPipelines
import AgoraRuntime
import AgoraTestKit
import Synchronization
import Testing

/// Each step kind, run against a scripted back end whose answers are computed from the request.
@Suite struct StepTests {
    static let library: [String: AgentDefinition] = [
        "upper": AgentDefinition(name: "upper", instructions: "Shout.", backend: "test"),
        "joiner": AgentDefinition(name: "joiner", instructions: "Join.", backend: "test"),
        "cheap": AgentDefinition(name: "cheap", instructions: "Cheap.", backend: "test"),
        "dear": AgentDefinition(name: "dear", instructions: "Dear.", backend: "test"),
    ]

    /// `upper` answers its message in capitals; `joiner` answers its lines joined by "+"; others name themselves.
    static func model() -> ScriptedBackend {
        ScriptedBackend(respond: { request in
            let system = request.messages.first { $0.role == .system }?.content ?? ""
            let user = request.messages.last { $0.role == .user }?.content ?? ""
            if system.hasPrefix("Shout.") { return ModelResponse(text: user.uppercased()) }
            if system.hasPrefix("Join.") {
                return ModelResponse(text: user.split(whereSeparator: \.isNewline).joined(separator: "+"))
            }
            return ModelResponse(text: "\(system.prefix(5)) did: \(user)")
        })
    }

    /// The paths of the agents a run started.
    static func startedPaths(_ sink: RecordingTraceSink) -> Set<String> {
        Set(sink.recorded.compactMap { event -> String? in
            if case .agentStarted = event.kind { return event.path.rawValue }
            return nil
        })
    }

    func run(_ yaml: String, _ inputs: [String: PipelineValue], model: ScriptedBackend = model(),
             trace: RecordingTraceSink? = nil) async throws -> [String: PipelineValue] {
        let library = AgentLibrary(agents: Self.library)
        let pipeline = try PipelineFile.parse(yaml, file: "t.yaml", library: library, functions: PipelineRegistry.tests.signatures)
        let swarm = Swarm(backends: [model], trace: trace)
        return try await PipelineRunner(pipeline: pipeline, library: Self.library, registry: .tests).runAll(inputs: inputs, in: swarm)
    }

    @Test func agentStepAsksOnceWithTheInstructionsAndInput() async throws {
        let model = Self.model()
        let values = try await run("inputs: [a]\nsteps:\n  - agent: upper\n    input: a\n    output: b\n", ["a": .text("hi")], model: model)
        #expect(values["b"] == .text("HI"))
        #expect(model.requests.count == 1)
        #expect(model.requests[0].messages == [.system("Shout."), .user("hi")])
        #expect(model.requests[0].summarization == nil)
    }

    @Test func wordsMakeASummarisationRequest() async throws {
        let model = Self.model()
        _ = try await run("inputs: [a]\nsteps:\n  - agent: upper\n    input: a\n    words: 10\n    output: b\n", ["a": .text("hi")], model: model)
        #expect(model.requests[0].messages[0] == .system("Shout.\nAim at about 10 words."))
        #expect(model.requests[0].maxOutputTokens == 84)
        #expect(model.requests[0].summarization?.targetWords == 10)
    }

    @Test func sequenceAndPromptTemplatesPassValuesByName() async throws {
        let yaml = """
            inputs: [a, b]
            steps:
              - sequence:
                  - agent: upper
                    input: a
                    output: loud
                  - agent: joiner
                    prompt: "{loud}\\n{b}"
                    output: joined
            """
        let values = try await run(yaml, ["a": .text("x"), "b": .text("y")])
        #expect(values["joined"] == .text("X+y"))
    }

    @Test func parallelBranchesRunAsSiblings() async throws {
        let sink = RecordingTraceSink()
        let yaml = """
            inputs: [a]
            steps:
              - parallel:
                  - agent: upper
                    id: one
                    input: a
                    output: x
                  - agent: upper
                    id: two
                    input: a
                    output: y
            """
        let values = try await run(yaml, ["a": .text("p")], trace: sink)
        #expect(values["x"] == .text("P") && values["y"] == .text("P"))
        #expect(Self.startedPaths(sink) == ["root", "root/one", "root/two"])
    }

    @Test func mapRunsOneNamedAgentPerItemInOrder() async throws {
        let sink = RecordingTraceSink()
        let yaml = "inputs: [xs]\nsteps:\n  - map: upper\n    over: xs\n    as: word\n    max_concurrent: 2\n    output: ys\n"
        let values = try await run(yaml, ["xs": .list([.text("a"), .text("b"), .text("c")])], trace: sink)
        #expect(values["ys"] == .list([.text("A"), .text("B"), .text("C")]))
        #expect(Self.startedPaths(sink) == ["root", "root/map", "root/map/word-1", "root/map/word-2", "root/map/word-3"])
    }

    @Test func reduceFoldsWithATreeOfFanInK() async throws {
        let model = Self.model()
        let sink = RecordingTraceSink()
        let items = (1...7).map { PipelineValue.text("i\($0)") }
        let yaml = "inputs: [xs]\nsteps:\n  - reduce: joiner\n    over: xs\n    fan_in: 3\n    output: all\n"
        let values = try await run(yaml, ["xs": .list(items)], model: model, trace: sink)
        // 7 items, fan-in 3: level 1 folds (1,2,3), (4,5,6), (7); the step's agent folds the three results.
        #expect(values["all"] == .text("i1+i2+i3+i4+i5+i6+i7"))
        #expect(model.requests.count == 4)
        #expect(Self.startedPaths(sink) == ["root", "root/reduce", "root/reduce/level1-1", "root/reduce/level1-2", "root/reduce/level1-3"])
    }

    @Test func reduceWithEachCondensesEveryItemToo() async throws {
        let yaml = "inputs: [xs]\nsteps:\n  - reduce: upper\n    over: xs\n    each: { as: part, output: parts }\n    output: all\n"
        let values = try await run(yaml, ["xs": .list([.text("a"), .text("b")])])
        #expect(values["parts"] == .list([.text("A"), .text("B")]))
        #expect(values["all"] == .text("A\n\nB"))
    }

    @Test func loopStopsWhenTheConditionHolds() async throws {
        let passes = Mutex(0)
        let model = ScriptedBackend(respond: { request in
            let system = request.messages.first?.content ?? ""
            if system.hasPrefix("Shout.") {
                let pass = passes.withLock { $0 += 1; return $0 }
                return ModelResponse(text: "draft \(pass)")
            }
            let user = request.messages.last?.content ?? ""
            return ModelResponse(text: user == "draft 2" ? "APPROVED" : "more")
        })
        let yaml = """
            inputs: [topic]
            output: draft
            steps:
              - loop:
                  - agent: upper
                    prompt: "{topic} / {critique}"
                    output: draft
                  - agent: joiner
                    input: draft
                    output: critique
                max: 5
                until: { value: critique, contains: APPROVED }
            """
        let values = try await run(yaml, ["topic": .text("t")], model: model)
        #expect(values["draft"] == .text("draft 2"))
        #expect(model.requests.count == 4)
        // The first pass saw no critique yet: an empty placeholder.
        #expect(model.requests[0].messages.last?.content == "t / ")
        #expect(model.requests[2].messages.last?.content == "t / more")
    }

    @Test func loopRunsAtMostMaxPasses() async throws {
        let yaml = "inputs: [a]\nsteps:\n  - loop:\n      - agent: upper\n        input: a\n        output: b\n    max: 3\n"
        let model = Self.model()
        _ = try await run(yaml, ["a": .text("x")], model: model)
        #expect(model.requests.count == 3)
    }

    /// The default policy keeps the plain tender's rule (MarketStepTests has the auction itself).
    @Test func marketAwardsTheCheapestDeclaredPrice() async throws {
        let sink = RecordingTraceSink()
        let values = try await run(MarketStepTests.market(""), ["a": .text("job")], trace: sink)
        #expect(values["b"] == .text("Cheap did: job"))
        #expect(sink.recorded.contains { $0.path.rawValue == "root/market/task-r1-cheap" })
    }

    @Test func callStepsComputeWithoutAgents() async throws {
        let model = Self.model()
        let yaml = "inputs: [xs]\nsteps:\n  - call: chunk\n    list: xs\n    size: 2\n    output: runs\n  - call: join\n    list: runs\n    separator: ','\n    output: text\n"
        let values = try await run(yaml, ["xs": .list([.text("a"), .text("b"), .text("c")])], model: model)
        #expect(values["runs"] == .list([.list([.text("a"), .text("b")]), .list([.text("c")])]))
        #expect(values["text"] == .text("a,b,c"))
        #expect(model.requests.isEmpty)
    }

    @Test func aFailingAgentIsReportedWithFileLineAndStep() async throws {
        let model = ScriptedBackend(responses: [])
        await #expect {
            _ = try await run("inputs: [a]\nsteps:\n  - agent: upper\n    input: a\n    output: b\n", ["a": .text("x")], model: model)
        } throws: { error in
            "\(error)".hasPrefix("t.yaml:3: step 'upper': agent root/upper failed: scripted back end 'test' got a request beyond its script")
        }
    }
}
