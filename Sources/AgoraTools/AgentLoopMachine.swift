import AgoraCore

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
public struct AgentLoopMachine: Sendable, Hashable {
    public enum Event: Sendable, Hashable {
        case start
        case modelAnswered(text: String, toolCalls: [ToolCall])
        case toolsFinished
        case budgetExhausted
    }

    public enum Action: Sendable, Hashable {
        case askModel(turn: Int)
        case runTools([ToolCall])
        case finish(AgentLoopStop, answer: String)
    }

    public let maxTurns: Int
    /// Model calls made so far.
    public private(set) var turns = 0
    /// Tool calls asked for so far.
    public private(set) var toolCalls = 0
    /// The model's latest non-empty text: the partial answer if the loop stops early.
    public private(set) var lastText = ""
    public private(set) var finished = false
    private var seenCalls: Set<String> = []

    public init(maxTurns: Int) {
        self.maxTurns = max(1, maxTurns)
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
        case .modelAnswered(let text, let calls):
            if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { lastText = text }
            if calls.isEmpty { return finish(.answered) }
            let signatures = calls.map(Self.signature)
            if let repeated = calls.indices.first(where: { seenCalls.contains(signatures[$0]) }) {
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

    public var description: String {
        switch self {
        case .answered: "answered"
        case .maxTurns(let turns): "stopped after \(turns) turns (max turns) without a final answer"
        case .budgetExhausted: "stopped: out of budget"
        case .loopDetected(let call): "stopped: repeated the call \(call.name)(\(call.arguments)) (loop guard)"
        }
    }
}
