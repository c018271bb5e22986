@testable import AgoraAgents
import AgoraCore
import AgoraTools
import Testing

@Suite struct JSONToolCallsTests {
    let specs = [WordCountTool().spec, NowTool().spec]

    @Test func schemaHasABranchPerToolAndTheAnswer() throws {
        let branches = try #require(JSONToolCalls.schema(for: specs)["oneOf"].flatMap { if case .array(let items) = $0 { items } else { nil } })
        #expect(branches.count == 3)
        let actions = branches.compactMap { $0["properties"]?["action"]?["const"]?.stringValue }
        #expect(actions == ["word_count", "now", JSONToolCalls.answerName])
        #expect(branches[0]["properties"]?["arguments"] == WordCountTool().spec.inputSchema)
        let answerOnly = JSONToolCalls.schema(for: specs, choices: .answerOnly)
        #expect(answerOnly["properties"]?["action"]?["const"]?.stringValue == JSONToolCalls.answerName)
    }

    @Test func decodesCallsAndAnswers() throws {
        let names: Set = ["word_count", "now"]
        #expect(try JSONToolCalls.decode(#"{"action": "word_count", "arguments": {"text": "a b"}}"#, toolNames: names)
            == .call(name: "word_count", arguments: ["text": "a b"]))
        #expect(try JSONToolCalls.decode(#" {"action": "final_answer", "answer": "3"} "#, toolNames: names) == .answer("3"))
        #expect(try JSONToolCalls.decode(#"{"answer": "3"}"#, toolNames: names) == .answer("3"))
    }

    @Test func refusesWhatItCannotRead() {
        let names: Set = ["word_count"]
        #expect(throws: JSONToolCallError.self) { try JSONToolCalls.decode(#"{"action": "word_co"#, toolNames: names) }
        #expect(throws: JSONToolCallError.self) { try JSONToolCalls.decode(#"{"action": "delete_all", "arguments": {}}"#, toolNames: names) }
        #expect(throws: JSONToolCallError.self) { try JSONToolCalls.decode(#"["word_count"]"#, toolNames: names) }
        #expect(throws: JSONToolCallError.self) { try JSONToolCalls.decode(#"{"action": "word_count", "arguments": "a b"}"#, toolNames: names) }
    }

    @Test func instructionsListTheToolsAndShowACallWithArguments() {
        let text = JSONToolCalls.instructions(for: [NowTool().spec, WordCountTool().spec])
        #expect(text.contains("- word_count(text: string): "))
        #expect(text.contains(#"To call a tool: {"action": "word_count", "arguments": {"text":"<the text to count>"}}"#))
        #expect(text.contains(#"{"action": "final_answer", "answer": "<your answer>"}"#))
    }

    @Test func aRoutedTurnOffersOnlyThatToolsCall() {
        let routed = JSONToolCalls.schema(for: specs, choices: .call("word_count"))
        #expect(routed["oneOf"] == nil)
        #expect(routed["properties"]?["action"]?["const"]?.stringValue == "word_count")
        #expect(routed["properties"]?["arguments"] == WordCountTool().spec.inputSchema)
    }

    @Test func theExampleIsTheRoutedToolWithItsRequiredArgumentsOnly() {
        let recall = ToolSpec(name: "recall", description: "Search memory.", inputSchema: [
            "type": "object", "required": ["query"],
            "properties": ["query": ["type": "string", "description": "Plain words."], "k": ["type": "integer", "description": "How many."]],
        ])
        let text = JSONToolCalls.instructions(for: [WordCountTool().spec, recall], example: "recall")
        #expect(text.contains(#"To call a tool: {"action": "recall", "arguments": {"query":"<plain words>"}}"#))
    }

    @Test func aCopiedPlaceholderGoesBackToTheModel() throws {
        #expect(throws: JSONToolCallError(#""text" is the example's placeholder; write the real value"#)) {
            try JSONToolCalls.decode(#"{"action": "word_count", "arguments": {"text": "<the text to count>"}}"#, toolNames: ["word_count"])
        }
        #expect(throws: JSONToolCallError.self) {
            try JSONToolCalls.decode(#"{"action": "final_answer", "answer": "<your answer>"}"#, toolNames: ["word_count"])
        }
        #expect(try JSONToolCalls.decode(#"{"action": "word_count", "arguments": {"text": "<b> is bold"}}"#, toolNames: ["word_count"])
            == .call(name: "word_count", arguments: ["text": "<b> is bold"]))
    }

    @Test func delegateIsNarrowedToTheAgentsThereAre() {
        let narrowed = DelegateTool.narrowed(DelegateTool().spec, to: ["critic", "researcher"])
        #expect(narrowed.inputSchema["properties"]?["agent"]?["enum"] == ["critic", "researcher"])
        #expect(DelegateTool.narrowed(WordCountTool().spec, to: ["critic"]) == WordCountTool().spec)
    }
}

@Suite struct JSONModeMachineTests {
    let word = ToolCall(id: "1", name: "word_count", arguments: #"{"text":"a b"}"#)

    @Test func aRepeatAsksOnceForTheFinalAnswer() {
        var machine = AgentLoopMachine(maxTurns: 5, finalAnswerOnRepeat: true)
        _ = machine.handle(.start)
        #expect(machine.handle(.modelAnswered(text: "", toolCalls: [word])) == .runTools([word]))
        _ = machine.handle(.toolsFinished)
        #expect(machine.handle(.modelAnswered(text: "", toolCalls: [word])) == .askForFinalAnswer(turn: 3, repeated: word))
        #expect(machine.handle(.modelAnswered(text: "", toolCalls: [word])) == .finish(.loopDetected(word), answer: ""))
    }

    @Test func anUnreadableReplyIsToldOnceThenStops() {
        var machine = AgentLoopMachine(maxTurns: 5, finalAnswerOnRepeat: true)
        _ = machine.handle(.start)
        #expect(machine.handle(.replyUnreadable(text: "", problem: "cut off")) == .askAgain(turn: 2, problem: "cut off"))
        #expect(machine.handle(.modelAnswered(text: "", toolCalls: [word])) == .runTools([word]))
        _ = machine.handle(.toolsFinished)
        #expect(machine.handle(.replyUnreadable(text: "", problem: "not JSON")) == .askAgain(turn: 4, problem: "not JSON"))
        #expect(machine.handle(.replyUnreadable(text: "", problem: "not JSON")) == .finish(.unreadableReply("not JSON"), answer: ""))
    }
}
