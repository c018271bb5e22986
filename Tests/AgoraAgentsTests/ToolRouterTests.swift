@testable import AgoraAgents
import AgoraCore
import AgoraMemory
import AgoraTools
import Foundation
import Testing

@Suite struct ToolRouterTests {
    /// The bench's tools as the assistant sees them in json mode (delegate narrowed to the one other agent).
    let specs: [ToolSpec]

    init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agora-router-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteMemoryStore(path: folder.appendingPathComponent("memory.sqlite").path)
        specs = [DelegateTool.narrowed(DelegateTool().spec, to: ["researcher"]), RecallTool(store: store).spec, WordCountTool().spec]
    }

    @Test func theBenchsQuestionsGoToTheToolTheyName() {
        for question in ToolUseBench.questions {
            #expect(ToolRouter.route(question.text, among: specs) == question.tool, "\(question.text)")
        }
    }

    @Test func quotedTextIsDataNotIntent() {
        #expect(ToolRouter.route(#"Translate "count the words in memory" into French."#, among: specs) == nil)
        #expect(ToolRouter.route(#"Count the words in "ask the researcher"."#, among: specs) == "word_count")
    }

    @Test func twoToolsThatMatchAlikeAreNotRouted() {
        let twins = [
            ToolSpec(name: "alpha", description: "Searches the archive.", inputSchema: ["type": "object"]),
            ToolSpec(name: "beta", description: "Searches the archive.", inputSchema: ["type": "object"]),
        ]
        #expect(ToolRouter.route("Search the archive for invoices.", among: twins) == nil)
        #expect(ToolRouter.route("Ask beta to search the archive.", among: twins) == "beta")
    }

    @Test func namingAnAgentAddressesDelegate() {
        #expect(ToolRouter.route("Have the researcher count the words of the report.", among: specs) == "delegate")
        #expect(ToolRouter.route("Count the words of the report.", among: specs) == "word_count")
    }
}

@Suite struct ToolUseBenchScoringTests {
    let question = ToolUseBench.questions[0]  // "river copper lantern": word_count, 3
    let root = AgentPath(root: "assistant")

    func call(_ name: String, _ arguments: String, id: String = "call_1_0") -> ToolCall {
        ToolCall(id: id, name: name, arguments: arguments)
    }

    func steps(_ call: ToolCall, failed: Bool = false) -> [AgentLoopStep] {
        let result = failed ? ToolResult(call: call, error: "bad arguments") : ToolResult(call: call, output: .json(["words": 3]))
        return [.modelAnswer(agent: root, text: "", toolCalls: [call], usage: TokenUsage()), .toolResult(agent: root, result: result)]
    }

    @Test func theRightToolWithTheDataScores() {
        let right = ToolUseBench.score(question, steps: steps(call("word_count", #"{"text":"river copper lantern"}"#)),
                                       answer: "The text has 3 words.", answered: true, modelCalls: 2, seconds: 1)
        #expect(right.rightTool && right.answeredRight)
    }

    @Test func aFailedCallWrongDataOrAnotherToolDoesNot() {
        let failed = ToolUseBench.score(question, steps: steps(call("word_count", #"{"text":"river copper lantern"}"#), failed: true),
                                        answer: "3", answered: true, modelCalls: 2, seconds: 1)
        #expect(!failed.rightTool)
        let placeholder = ToolUseBench.score(question, steps: steps(call("word_count", #"{"text":"<the text to count>"}"#)),
                                             answer: "3", answered: true, modelCalls: 2, seconds: 1)
        #expect(!placeholder.rightTool)
        let other = ToolUseBench.score(question, steps: steps(call("recall", #"{"query":"river copper lantern"}"#)),
                                       answer: "3", answered: true, modelCalls: 2, seconds: 1)
        #expect(!other.rightTool)
    }

    @Test func aSubAgentsCallIsNotTheAskedAgents() {
        let child = AgentPath(root: "assistant").child("delegate-researcher-1")
        let steps: [AgentLoopStep] = [.modelAnswer(agent: child, text: "", toolCalls: [call("word_count", #"{"text":"river copper lantern"}"#)], usage: TokenUsage())]
        let outcome = ToolUseBench.score(question, steps: steps, answer: "3", answered: true, modelCalls: 2, seconds: 1)
        #expect(outcome.firstCall == nil && !outcome.rightTool)
    }

    @Test func answersMatchWholeWordsOnly() {
        #expect(question.isAnsweredBy("It has three words"))
        #expect(!question.isAnsweredBy("It has 13 words"))
        let lookup = try! #require(ToolUseBench.questions.first { $0.kind == .recall })
        #expect(lookup.isAnsweredBy("The launch is on March 3."))
        #expect(!lookup.isAnsweredBy("March 30"))
        let unanswered = ToolUseBench.score(question, steps: [], answer: "3", answered: false, modelCalls: 4, seconds: 1)
        #expect(!unanswered.answeredRight)
    }

    @Test func aNoToolQuestionScoresWithoutACall() throws {
        let sky = try #require(ToolUseBench.questions.first { $0.kind == .noTool })
        #expect(ToolUseBench.score(sky, steps: [], answer: "Blue.", answered: true, modelCalls: 1, seconds: 1).rightTool)
        #expect(!ToolUseBench.score(sky, steps: steps(call("word_count", #"{"text":"sky"}"#)), answer: "blue", answered: true, modelCalls: 2, seconds: 1).rightTool)
    }
}
