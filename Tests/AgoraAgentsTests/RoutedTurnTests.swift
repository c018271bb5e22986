import AgoraAgents
import AgoraCore
import AgoraRuntime
import AgoraTestKit
import AgoraTools
import Testing

/// json mode's first turn on a task that names a tool: what the loop asks the model for.
@Suite struct RoutedTurnTests {
    let catalog = ToolBox(tools: [WordCountTool(), NowTool()])
    let definition = AgentDefinition(name: "counter", instructions: "Count words.", backend: "test", tools: ["word_count", "now"], toolCalls: .json)
    let task = #"How many words are in "river copper lantern"?"#

    func actions(of request: ModelRequest) -> [String] {
        guard case .jsonSchema(_, let schema)? = request.responseFormat else { return [] }
        let branches = schema["oneOf"]?.arrayValue ?? [schema]
        return branches.compactMap { $0["properties"]?["action"]?["const"]?.stringValue }
    }

    @Test func theFirstTurnAsksForTheNamedToolThenAnyChoice() async throws {
        let model = ScriptedBackend(responses: [
            answer(#"{"action": "word_count", "arguments": {"text": "river copper lantern"}}"#),
            answer(#"{"action": "final_answer", "answer": "3"}"#),
        ])
        let steps = StepLog()
        let options = AgentLoopOptions(observer: steps.append)
        let loop = AgentLoop(definition: definition, tools: catalog.restricted(to: definition.tools), options: options)
        let result = try await Swarm(backends: [model]).run(definition: definition) { try await loop.run(task: task, context: $0) }
        #expect(result.answer == "3" && result.toolCalls == 1)
        #expect(actions(of: model.requests[0]) == ["word_count"])
        #expect(actions(of: model.requests[1]) == ["now", "word_count", JSONToolCalls.answerName])
        #expect(model.requests[0].messages[0].content.contains(#"To call a tool: {"action": "word_count""#))
        #expect(steps.all.contains(.routed(agent: AgentPath(root: "root"), tool: "word_count")))
        try model.assertComplete()
    }

    @Test func withoutRoutingTheFirstTurnMayAnswer() async throws {
        let model = ScriptedBackend(responses: [answer(#"{"action": "final_answer", "answer": "3"}"#)])
        let loop = AgentLoop(definition: definition, tools: catalog.restricted(to: definition.tools), options: AgentLoopOptions(routesTasks: false))
        _ = try await Swarm(backends: [model]).run(definition: definition) { try await loop.run(task: task, context: $0) }
        #expect(actions(of: model.requests[0]) == ["now", "word_count", JSONToolCalls.answerName])
        try model.assertComplete()
    }
}
