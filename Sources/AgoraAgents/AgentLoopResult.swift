/// How an agent loop ended.
public struct AgentLoopResult: Sendable, Hashable {
    /// The final answer, or for any stop but `.answered` the last text the model wrote (possibly empty).
    public var answer: String
    public var stop: AgentLoopStop
    /// Model calls made.
    public var turns: Int
    /// Tool calls made.
    public var toolCalls: Int

    public init(answer: String, stop: AgentLoopStop, turns: Int, toolCalls: Int) {
        self.answer = answer
        self.stop = stop
        self.turns = turns
        self.toolCalls = toolCalls
    }

    /// The answer as a parent (or a person) should read it: a partial answer says why it is partial.
    public var report: String {
        if case .answered = stop { return answer }
        return "[partial: \(stop)]" + (answer.isEmpty ? "" : " " + answer)
    }
}
