import AgoraCore

/// An agent's working memory: a typed log of steps, and the prompt derived from it, kept under a token budget.
///
/// ```swift
/// var memory = WorkingMemory(instructions: "You are a careful researcher.", budget: 8_000)
/// memory.append(.input("Find out why the build is slow."))
/// while true {
///     let messages = try await memory.prepare(summarizer: backend)  // compacts if the log outgrew the budget
///     let response = try await backend.complete(ModelRequest(messages: messages, tools: tools))
///     memory.record(response, sent: messages)                       // appends the turn, calibrates the counter
///     ...
/// }
/// ```
///
/// The compaction rule (see `docs/memory.md`): the instructions and the first input (the task) are pinned; the rest
/// is grouped into units (a model turn with its tool calls and results; any other step alone). When the prompt
/// would exceed the budget, the newest units are kept while they fit in `compactionTarget` of it (always at least
/// `keepLatest` units), and the older ones are replaced by one `.summary` step: written by the summariser back end
/// if there is one and it answers, else a note saying how many steps were dropped (an earlier summary is kept).
/// If the pinned steps and the latest units alone are still too big, the longest texts among them are cut in the
/// middle. Only instructions that alone exceed the budget are an error.
public struct WorkingMemory: Sendable {
    public internal(set) var steps: [WorkingMemoryStep]
    /// The most tokens a request's messages may take (the back end's context size less room for its answer).
    public var budget: Int
    public var counter: TokenCounter
    /// Fraction of the budget left unused to absorb estimation error.
    public var safetyMargin: Double = 0.05
    /// After compacting, the prompt fills at most this fraction of the budget, so compaction does not run every turn.
    public var compactionTarget: Double = 0.6
    /// The summary of compacted steps may take up to this fraction of the budget.
    public var summaryShare: Double = 0.2
    /// Units (turns) that are always kept verbatim-or-cut, never compacted.
    public var keepLatest: Int = 2
    /// Keep the first `.input` step (the task) pinned next to the instructions.
    public var pinFirstInput: Bool = true
    /// How many times the log was compacted, and how many of those used the summariser.
    /// How tool calls and results are rendered: `.inline` for a model that gets its tools in json mode.
    public var toolMessages: ToolMessageStyle = .native
    public internal(set) var compactions = 0
    public internal(set) var summarizedCompactions = 0

    public init(instructions: String? = nil, budget: Int, counter: TokenCounter = TokenCounter()) {
        steps = instructions.map { [.instructions($0)] } ?? []
        self.budget = budget
        self.counter = counter
    }

    public mutating func append(_ step: WorkingMemoryStep) {
        steps.append(step)
    }

    /// Appends a model's answer as a turn and learns the back end's token count for the prompt it was sent.
    public mutating func record(_ response: ModelResponse, sent messages: [Message]) {
        counter.calibrate(sent: messages, reportedInputTokens: response.usage.inputTokens)
        steps.append(.modelTurn(text: response.text, toolCalls: response.toolCalls))
    }

    /// The messages for the log as it stands, without compaction.
    public func render() -> [Message] { steps.renderedMessages(style: toolMessages) }

    /// The calibrated token estimate of the log as it stands.
    public var estimatedTokens: Int { counter.estimate(render()) }

    /// The budget messages may use, after the safety margin and `reserved` tokens (tool schemas, say).
    public func limit(reserving reserved: Int = 0) -> Int {
        Int(Double(budget) * (1 - safetyMargin)) - reserved
    }

    /// The messages for the next request, compacting the log first if it would exceed the budget.
    ///
    /// - Parameters:
    ///   - summarizer: asked to condense older steps (a `ModelRequest` with a `SummarizationHint`); nil or a failure
    ///     falls back to dropping them with a note.
    ///   - reserved: tokens the request needs besides its messages, such as tool schemas.
    /// - Throws: ``WorkingMemoryError/instructionsExceedBudget(tokens:budget:)`` when the instructions alone do not fit.
    public mutating func prepare(summarizer: (any ModelBackend)? = nil, reserving reserved: Int = 0) async throws -> [Message] {
        let limit = limit(reserving: reserved)
        var messages = render()
        if counter.estimate(messages) <= limit { return messages }
        try await compact(limit: limit, summarizer: summarizer)
        messages = render()
        if counter.estimate(messages) <= limit { return messages }
        try shrink(limit: limit)
        return render()
    }
}

public enum WorkingMemoryError: Error, Sendable, Hashable, CustomStringConvertible {
    case instructionsExceedBudget(tokens: Int, budget: Int)

    public var description: String {
        switch self {
        case .instructionsExceedBudget(let tokens, let budget):
            "the agent's instructions alone take about \(tokens) tokens, over its context budget of \(budget)"
        }
    }
}
