import AgoraCore
import AgoraLocal
import Foundation
import Testing
@testable import AgoraWorkingMemory

@Suite("Working memory")
struct WorkingMemoryTests {
    @Test func rendersStepsAsMessages() {
        var memory = WorkingMemory(instructions: "Be brief.", budget: 10_000)
        memory.append(.input("What is 2+2?"))
        memory.append(.modelTurn(text: "Let me compute.", toolCalls: [ToolCall(id: "c1", name: "calc", arguments: #"{"x":"2+2"}"#)]))
        memory.append(.toolCall(ToolCall(id: "c2", name: "calc", arguments: #"{"x":"2*2"}"#)))
        memory.append(.toolResult(callID: "c1", name: "calc", output: "4"))
        memory.append(.toolResult(callID: "c2", name: "calc", output: "4"))
        memory.append(.note("budget is low"))
        memory.append(.instructions("Answer in English."))
        let messages = memory.render()
        #expect(messages.map(\.role) == [.system, .user, .assistant, .tool, .tool, .user])
        #expect(messages[0].content == "Be brief.\n\nAnswer in English.")
        #expect(messages[2].toolCalls.map(\.id) == ["c1", "c2"])
        #expect(messages[3].toolCallID == "c1")
        #expect(messages[5].content.contains("budget is low"))
    }

    @Test func calibratesFromReportedUsage() {
        var counter = TokenCounter()
        let messages: [Message] = [.system(String(repeating: "a", count: 400)), .user(String(repeating: "b", count: 400))]
        #expect(counter.estimate(messages) == 208)  // 100 + 4 per message, twice
        counter.calibrate(sent: messages, reportedInputTokens: 312)
        #expect(counter.estimate(messages) == 312)
        counter.calibrate(sent: messages, reportedInputTokens: 0)  // a back end that does not count: ignored
        #expect(counter.estimate(messages) == 312)
    }

    /// An agent loop of 300 turns of model → tool call → tool result with results of varied size, against a back end
    /// that counts tokens differently from the estimate: no request (agent turns or summaries) goes over budget.
    @Test(arguments: [false, true])
    func longRunningAgentNeverExceedsItsBudget(summariesFail: Bool) async throws {
        let budget = 1_500
        let backend = CountingBackend(failSummaries: summariesFail) { turn in
            ModelResponse(
                text: "Turn \(turn): looking at file \(turn).",
                toolCalls: [ToolCall(id: "call-\(turn)", name: "read_file", arguments: #"{"path":"src/file\#(turn).swift"}"#)],
                finishReason: .toolCalls)
        }
        var memory = WorkingMemory(instructions: "You are a code reviewer. Review every file you are given.", budget: budget)
        memory.append(.input("Review the repository and report problems."))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let messages = try await memory.prepare(summarizer: backend)
            let response = try await backend.complete(ModelRequest(messages: messages))
            memory.record(response, sent: messages)
            for call in response.toolCalls {
                let size = Int.random(in: 50...2_500, using: &generator)
                memory.append(.toolResult(callID: call.id, name: call.name, output: String(repeating: "line of code; ", count: size / 14)))
            }
        }
        let sizes = backend.requests.map { CountingBackend.tokens($0.messages) }
        #expect(sizes.max()! <= budget, "largest request: \(sizes.max()!) tokens")
        #expect(memory.compactions > 10)
        #expect(memory.summarizedCompactions == (summariesFail ? 0 : memory.compactions))
        // Every agent request keeps the instructions first and the task.
        for request in backend.requests where request.summarization == nil {
            #expect(request.messages.first?.content.hasPrefix("You are a code reviewer.") == true)
            #expect(request.messages.contains { $0.content == "Review the repository and report problems." })
        }
    }

    @Test func compactionKeepsInstructionsTaskAndLatestTurns() async throws {
        var memory = WorkingMemory(instructions: "Instructions stay.", budget: 400)
        memory.append(.input("The task stays too."))
        for turn in 0..<40 {
            memory.append(.modelTurn(text: "turn \(turn) " + String(repeating: "x", count: 80), toolCalls: [ToolCall(id: "c\(turn)", name: "t", arguments: "{}")]))
            memory.append(.toolResult(callID: "c\(turn)", name: "t", output: "result \(turn)"))
        }
        let messages = try await memory.prepare()  // no summariser: the trim rule
        #expect(memory.compactions == 1)
        #expect(memory.counter.estimate(messages) <= memory.limit())
        #expect(messages[0] == .system("Instructions stay."))
        #expect(messages[1] == .user("The task stays too."))
        #expect(messages[2].content.contains("earlier steps were dropped"))
        #expect(messages.suffix(2).map(\.content) == ["turn 39 " + String(repeating: "x", count: 80), "result 39"])
        #expect(messages.last?.toolCallID == "c39")
        // Tool results never lose the assistant message that called them.
        for (index, message) in messages.enumerated() where message.role == .tool {
            #expect(messages[..<index].contains { $0.toolCalls.contains { $0.id == message.toolCallID } })
        }
        // Compacting again keeps counting what was dropped.
        for turn in 40..<80 { memory.append(.note("note \(turn) " + String(repeating: "y", count: 80))) }
        let again = try await memory.prepare()
        #expect(memory.compactions == 2)
        #expect(again[0] == .system("Instructions stay."))
        #expect(again.last?.content.contains("note 79") == true)
        if case .summary(_, let replaced) = memory.steps[2] {
            #expect(replaced > 40)
        } else {
            Issue.record("expected a summary step after the pinned ones")
        }
    }

    @Test func anOversizedLatestTurnIsCut() async throws {
        var memory = WorkingMemory(instructions: "Short.", budget: 300)
        memory.append(.input("Read this."))
        memory.append(.toolResult(callID: "c", name: "t", output: String(repeating: "z", count: 20_000)))
        let messages = try await memory.prepare()
        #expect(memory.counter.estimate(messages) <= memory.limit())
        #expect(messages.last?.content.contains("[…]") == true)
    }

    @Test func instructionsOverBudgetAreAnError() async throws {
        var memory = WorkingMemory(instructions: String(repeating: "rule ", count: 1_000), budget: 100)
        await #expect(throws: WorkingMemoryError.self) { _ = try await memory.prepare() }
    }
}
