import AgoraCore
import AgoraTools

/// The decisions of the agent loop, with no I/O and no clock: feed it what just happened, run the action it
/// returns. The async driver (`AgentLoop`) is a thin shell around it, so every rule here is tested without timing.
///
/// Rules:
/// - `start` → ask the model.
/// - The model answers without tool calls → finish with its text (`.answered`).
/// - The model asks for tools → run them all (in parallel), unless one of them repeats a call (same tool, same
///   arguments) made in an earlier turn: then finish (`.loopDetected`), since a model that repeats itself will
///   do so again. Or unless `maxTurns` model calls have been made: then finish (`.maxTurns`), no more asking.
/// - The tools finished → ask the model again.
/// - The budget cannot pay for the next model call → finish with the last text the model wrote (`.budgetExhausted`).
/// - With `finalAnswerOnRepeat` (json mode, where the grammar can forbid tools): the first repeated call asks once
///   more for a final answer only, since the model already has the result it asks for; a repeat after that stops.
/// - A reply that cannot be read (json mode) is told to the model once and asked again; a second unreadable reply
///   in a row stops (`.unreadableReply`), as does one at the turn limit.
public struct AgentLoopMachine: Sendable, Hashable {
    public enum Event: Sendable, Hashable {
        case start
        case modelAnswered(text: String, toolCalls: [ToolCall])
        /// The reply was not a call or an answer the loop can read; `problem` says why, for the model.
        case replyUnreadable(text: String, problem: String)
        case toolsFinished
        case budgetExhausted
    }

    public enum Action: Sendable, Hashable {
        case askModel(turn: Int)
        /// Tell the model why its last reply could not be read, then ask again.
        case askAgain(turn: Int, problem: String)
        /// The model repeated `repeated`: ask for its final answer, offering no tools.
        case askForFinalAnswer(turn: Int, repeated: ToolCall)
        case runTools([ToolCall])
        case finish(AgentLoopStop, answer: String)
    }

    public let maxTurns: Int
    public let finalAnswerOnRepeat: Bool
    /// Model calls made so far.
    public private(set) var turns = 0
    /// Tool calls asked for so far.
    public private(set) var toolCalls = 0
    /// The model's latest non-empty text: the partial answer if the loop stops early.
    public private(set) var lastText = ""
    public private(set) var finished = false
    private var seenCalls: Set<String> = []
    private var unreadableInARow = 0
    private var askedForFinalAnswer = false

    public init(maxTurns: Int, finalAnswerOnRepeat: Bool = false) {
        self.maxTurns = max(1, maxTurns)
        self.finalAnswerOnRepeat = finalAnswerOnRepeat
    }

    public mutating func handle(_ event: Event) -> Action {
        precondition(!finished, "the agent loop already finished")
        switch event {
        case .start:
            return ask()
        case .toolsFinished:
            return ask()
        case .budgetExhausted:
            return finish(.budgetExhausted)
        case .replyUnreadable(let text, let problem):
            if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { lastText = text }
            unreadableInARow += 1
            if unreadableInARow >= 2 || turns >= maxTurns { return finish(.unreadableReply(problem)) }
            turns += 1
            return .askAgain(turn: turns, problem: problem)
        case .modelAnswered(let text, let calls):
            unreadableInARow = 0
            if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { lastText = text }
            if calls.isEmpty { return finish(.answered) }
            let signatures = calls.map(Self.signature)
            if let repeated = calls.indices.first(where: { seenCalls.contains(signatures[$0]) }) {
                if finalAnswerOnRepeat, !askedForFinalAnswer, turns < maxTurns {
                    askedForFinalAnswer = true
                    turns += 1
                    return .askForFinalAnswer(turn: turns, repeated: calls[repeated])
                }
                return finish(.loopDetected(calls[repeated]))
            }
            if turns >= maxTurns { return finish(.maxTurns(maxTurns)) }
            seenCalls.formUnion(signatures)
            toolCalls += calls.count
            return .runTools(calls)
        }
    }

    private mutating func ask() -> Action {
        turns += 1
        return .askModel(turn: turns)
    }

    private mutating func finish(_ stop: AgentLoopStop) -> Action {
        finished = true
        return .finish(stop, answer: lastText)
    }

    /// A call's identity for the loop guard: the tool and its arguments with keys sorted, so that `{"a":1,"b":2}`
    /// and `{ "b": 2, "a": 1 }` are the same call.
    static func signature(_ call: ToolCall) -> String {
        let arguments = (try? JSONValue.parse(call.arguments))?.compactJSON ?? call.arguments
        return call.name + "\u{0}" + arguments
    }
}

/// Why an agent loop stopped. Only `.answered` is a complete answer; the others carry a partial one.
public enum AgentLoopStop: Sendable, Hashable, CustomStringConvertible {
    case answered
    /// The model asked for tools after its last allowed turn.
    case maxTurns(Int)
    /// The budget could not pay for the next model call.
    case budgetExhausted
    /// The model repeated a tool call it had made before, with the same arguments.
    case loopDetected(ToolCall)
    /// Twice in a row the model's reply was neither a tool call nor an answer the loop could read (json mode).
    case unreadableReply(String)

    public var description: String {
        switch self {
        case .answered: "answered"
        case .maxTurns(let turns): "stopped after \(turns) turns (max turns) without a final answer"
        case .budgetExhausted: "stopped: out of budget"
        case .loopDetected(let call): "stopped: repeated the call \(call.name)(\(call.arguments)) (loop guard)"
        case .unreadableReply(let problem): "stopped: the model's reply could not be read (\(problem))"
        }
    }
}
