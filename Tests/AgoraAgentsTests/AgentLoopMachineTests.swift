@testable import AgoraAgents
import AgoraCore
import AgoraTools
import Testing

@Suite struct AgentLoopMachineTests {
    let word = ToolCall(id: "1", name: "word_count", arguments: #"{"text":"a b"}"#)

    @Test func answersWithoutTools() {
        var machine = AgentLoopMachine(maxTurns: 3)
        #expect(machine.handle(.start) == .askModel(turn: 1))
        #expect(machine.handle(.modelAnswered(text: "42", toolCalls: [])) == .finish(.answered, answer: "42"))
        #expect(machine.finished)
    }

    @Test func runsToolsThenAsksAgain() {
        var machine = AgentLoopMachine(maxTurns: 3)
        _ = machine.handle(.start)
        #expect(machine.handle(.modelAnswered(text: "", toolCalls: [word])) == .runTools([word]))
        #expect(machine.handle(.toolsFinished) == .askModel(turn: 2))
        #expect(machine.handle(.modelAnswered(text: "two words", toolCalls: [])) == .finish(.answered, answer: "two words"))
        #expect(machine.toolCalls == 1 && machine.turns == 2)
    }

    @Test func stopsAtMaxTurnsWithThePartialText() {
        var machine = AgentLoopMachine(maxTurns: 1)
        _ = machine.handle(.start)
        #expect(machine.handle(.modelAnswered(text: "thinking", toolCalls: [word])) == .finish(.maxTurns(1), answer: "thinking"))
    }

    @Test func loopGuardMatchesArgumentsWhateverTheirKeyOrder() {
        var machine = AgentLoopMachine(maxTurns: 10)
        let first = ToolCall(id: "1", name: "add", arguments: #"{"a":1,"b":2}"#)
        let again = ToolCall(id: "2", name: "add", arguments: #"{ "b": 2, "a": 1 }"#)
        let other = ToolCall(id: "3", name: "add", arguments: #"{"a":1,"b":3}"#)
        _ = machine.handle(.start)
        #expect(machine.handle(.modelAnswered(text: "", toolCalls: [first])) == .runTools([first]))
        _ = machine.handle(.toolsFinished)
        #expect(machine.handle(.modelAnswered(text: "", toolCalls: [other])) == .runTools([other]))
        _ = machine.handle(.toolsFinished)
        #expect(machine.handle(.modelAnswered(text: "again", toolCalls: [again])) == .finish(.loopDetected(again), answer: "again"))
    }

    @Test func budgetExhaustionKeepsTheLastText() {
        var machine = AgentLoopMachine(maxTurns: 5)
        _ = machine.handle(.start)
        _ = machine.handle(.modelAnswered(text: "draft", toolCalls: [word]))
        _ = machine.handle(.toolsFinished)
        #expect(machine.handle(.budgetExhausted) == .finish(.budgetExhausted, answer: "draft"))
    }
}
