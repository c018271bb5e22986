import AgoraCore
import AgoraDefinitions
import Foundation
import Testing

@Suite struct PipelineFileTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let library = AgentLibrary(agents: [
        "summarizer": AgentDefinition(name: "summarizer", backend: "test"),
        "reducer": AgentDefinition(name: "reducer", backend: "local:extractive", maxTurns: 2, timeout: .seconds(30)),
    ])

    func errors(_ text: String) -> [String] {
        do {
            _ = try PipelineFile.parse(text, file: "p.yaml", library: Self.library, vocabulary: AgentFileTests.vocabulary)
            return []
        } catch let failure as DefinitionErrors {
            return failure.errors.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    static let good = """
        name: brief
        inputs: [notes]
        steps:
          - map: summarizer
            id: each
            over: notes
            output: summaries
          - reduce: reducer
            over: summaries
            fan_in: 3
            words: 50
            output: brief
        """

    @Test func aGoodFileLoadsIntoPlainValues() throws {
        let pipeline = try PipelineFile.parse(Self.good, file: "p.yaml", library: Self.library)
        #expect(pipeline.name == "brief")
        #expect(pipeline.inputs == ["notes"])
        #expect(pipeline.output == "brief")
        #expect(pipeline.steps.map(\.id) == ["each", "reduce"])
        #expect(pipeline.steps[0].line == 4)
        guard case .reduce(let reduce) = pipeline.steps[1].kind else { Issue.record("not a reduce"); return }
        #expect(reduce.fanIn == 3 && reduce.call.words == 50 && reduce.over == "summaries")
    }

    @Test func unknownStepKeyNamesTheStepAndSuggests() {
        let text = Self.good.replacingOccurrences(of: "fan_in: 3", with: "fan_inn: 3")
        #expect(errors(text) == [
            "p.yaml:10: step 'reduce': field 'fan_inn': unknown key for a reduce step; expected one of reduce, over, fan_in, level_words, each, id, output, words, temperature, document, format (did you mean 'fan_in'?)",
        ])
    }

    @Test func unknownAgentSuggests() {
        let text = Self.good.replacingOccurrences(of: "reduce: reducer", with: "reduce: reducr")
        #expect(errors(text) == [
            "p.yaml:8: step 'reduce': field 'reduce': no agent named 'reducr' (agents come from the agents folder and the file's `agents:`) (did you mean 'reducer'?)",
        ])
    }

    @Test func unknownValueSuggests() {
        let text = Self.good.replacingOccurrences(of: "over: summaries", with: "over: sumaries")
        #expect(errors(text) == [
            "p.yaml:9: step 'reduce': field 'over': no value named 'sumaries' exists here; values are the inputs and the outputs of earlier steps (did you mean 'summaries'?)",
        ])
    }

    @Test func aValueIsNotVisibleBeforeItIsWritten() {
        let text = """
            inputs: [a]
            steps:
              - agent: summarizer
                input: later
                output: first
              - agent: summarizer
                input: a
                output: later
            """
        #expect(errors(text) == ["p.yaml:4: step 'summarizer': field 'input': no value named 'later' exists here; values are the inputs and the outputs of earlier steps"])
    }

    @Test func stepWithoutAKind() {
        #expect(errors("inputs: [a]\nsteps:\n  - agnt: summarizer\n    input: a\n") == [
            "p.yaml:3: a step needs one of agent, sequence, parallel, map, reduce, loop, market, call (did you mean 'agent'?)",
        ])
    }

    @Test func wrongTypeInAStep() {
        let text = Self.good.replacingOccurrences(of: "fan_in: 3", with: "fan_in: three")
        #expect(errors(text) == ["p.yaml:10: step 'reduce': field 'fan_in': expected a whole number, got 'three'"])
    }

    /// The loader knows only the signatures it is given (the engine registers the functions themselves), and lists
    /// them in the order given.
    @Test func unknownFunctionSuggests() throws {
        let functions = ["segment", "chunk", "join", "digest"].map { FunctionSignature(name: $0, summary: "", arguments: [.init("transcript", .value)]) }
        let text = "inputs: [t]\nsteps:\n  - call: segmnt\n    transcript: t\n    output: s\n"
        let failure = try #require(throws: DefinitionErrors.self) { try PipelineFile.parse(text, file: "p.yaml", functions: functions) }
        #expect(failure.errors.map(\.description) == [
            "p.yaml:3: step 'segmnt': field 'call': no built-in function 'segmnt'; there are segment, chunk, join, digest (did you mean 'segment'?)",
        ])
        #expect(errors(text) == ["p.yaml:3: step 'segmnt': field 'call': no built-in function 'segmnt'; none is registered"])
    }

    @Test func marketNeedsADeclaredPrice() {
        let text = "inputs: [t]\nsteps:\n  - market: [summarizer, reducer]\n    input: t\n    output: s\n"
        #expect(errors(text) == [
            "p.yaml:3: step 'market': field 'market': no worker declares a price, so no one can win the task (give at least one a `price`)",
        ])
    }

    /// A market step with `extra` lines (from line 7) under it: two priced workers.
    static func market(_ extra: String) -> String {
        "inputs: [t]\nsteps:\n  - market:\n      - { agent: summarizer, price: 2 }\n      - { agent: reducer, price: 0.5 }\n    input: t\n"
            + extra + "    output: s\n"
    }

    @Test func marketTermsAreRead() throws {
        let pipeline = try PipelineFile.parse(Self.market("    policy: best-value\n    budget: 1.5\n    seed: 7\n    deadline: 20\n"),
                                              file: "p.yaml", library: Self.library)
        guard case .market(let market) = pipeline.steps[0].kind else { Issue.record("not a market"); return }
        #expect(market.policy == .bestValue && market.budget == 1.5 && market.seed == 7 && market.deadline == 20)
        #expect(market.funds == 1.5)
        let plain = try PipelineFile.parse(Self.market(""), file: "p.yaml", library: Self.library)
        guard case .market(let defaults) = plain.steps[0].kind else { Issue.record("not a market"); return }
        // By default the cheapest price wins and the buyer can afford the dearest worker.
        #expect(defaults.policy == .cheapest && defaults.budget == nil && defaults.funds == 2 && defaults.deadline == nil)
    }

    @Test func marketPolicyMustBeKnown() {
        #expect(errors(Self.market("    policy: best_value\n")) == [
            "p.yaml:7: step 'market': field 'policy': expected cheapest, best-value, reputation, random, got 'best_value' (did you mean 'best-value'?)",
        ])
    }

    @Test func marketBudgetMustBeANumberThatSomeWorkerFits() {
        #expect(errors(Self.market("    budget: plenty\n")) == ["p.yaml:7: step 'market': field 'budget': expected a number, got 'plenty'"])
        #expect(errors(Self.market("    budget: -1\n")) == ["p.yaml:7: step 'market': field 'budget': must be a positive number, got -1"])
        #expect(errors(Self.market("    budget: 0.25\n")) == [
            "p.yaml:7: step 'market': field 'budget': 0.25 is below every worker's price (the cheapest asks 0.5), so no one can win the task",
        ])
    }

    @Test func marketSeedAndDeadlineAreChecked() {
        #expect(errors(Self.market("    seed: -3\n")) == ["p.yaml:7: step 'market': field 'seed': must be at least 0, got -3"])
        #expect(errors(Self.market("    seed: lucky\n")) == ["p.yaml:7: step 'market': field 'seed': expected a whole number, got 'lucky'"])
        #expect(errors(Self.market("    deadline: 0\n")) == ["p.yaml:7: step 'market': field 'deadline': must be more than 0 seconds"])
    }

    @Test func marketKeysAreSpelledRight() {
        #expect(errors(Self.market("    budgt: 3\n")).first?.hasSuffix("(did you mean 'budget'?)") == true)
    }

    @Test func marketWorkerListedTwice() {
        let text = "inputs: [t]\nsteps:\n  - market:\n      - { agent: reducer, price: 2 }\n      - { agent: reducer, price: 1 }\n    input: t\n    output: s\n"
        #expect(errors(text) == ["p.yaml:5: step 'market': field 'market': 'reducer' is listed twice; a worker bids once"])
    }

    @Test func thePlanShowsTheMarketsTerms() throws {
        let pipeline = try PipelineFile.parse(Self.market("    policy: random\n    budget: 1\n    seed: 9\n"), file: "p.yaml", library: Self.library)
        #expect(pipeline.plan(library: Self.library.agents) == """
            pipeline p (p.yaml)
            inputs: t · output: s
            root
            └── market market: an auction among 2 workers, awarded by random → s
                budget 1 credits · deadline 60 s (default) · seed 9
                agent summarizer: backend test · bids 2 (over the budget: cannot win)
                agent reducer: backend local:extractive · max turns 2 · timeout 30.0s · bids 0.5

            """)
    }

    @Test func loopBodyMayReadItsOwnLaterOutputs() throws {
        let text = """
            inputs: [topic]
            steps:
              - loop:
                  - agent: summarizer
                    prompt: "Write about {topic}. Last critique: {critique}"
                    output: draft
                  - agent: reducer
                    input: draft
                    output: critique
                max: 3
                until: { value: critique, contains: APPROVED }
            output: draft
            """
        let pipeline = try PipelineFile.parse(text, file: "p.yaml", library: Self.library)
        guard case .loop(let loop) = pipeline.steps[0].kind else { Issue.record("not a loop"); return }
        #expect(loop.max == 3 && loop.until == LoopStep.Condition(value: "critique", contains: "APPROVED"))
    }

    @Test func inlineAgentsAreCheckedLikeAgentFiles() {
        let text = "agents:\n  helper:\n    backend: tset\n    instructions: Help.\ninputs: [a]\nsteps:\n  - agent: helper\n    input: a\n    output: b\n"
        #expect(errors(text) == [
            "p.yaml:3: field 'backend': unknown back end 'tset'; known: local, local:extractive, openai:*, test (did you mean 'test'?)",
        ])
    }

    @Test func thePlanShowsStepsAgentsBackEndsAndLimits() throws {
        let pipeline = try PipelineFile.parse(Self.good, file: "p.yaml", library: Self.library)
        #expect(pipeline.plan(library: Self.library.agents) == """
            pipeline brief (p.yaml)
            inputs: notes · output: brief
            root
            ├── map each: summarizer over each of notes as item-1, item-2, … (all at once) → summaries
            │   agent summarizer: backend test
            └── reduce reduce: reducer over summaries, a tree of fan-in 3 → brief
                words 50
                agent reducer: backend local:extractive · max turns 2 · timeout 30.0s

            """)
    }
}
