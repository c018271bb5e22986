import AgoraCore
import AgoraRuntime
import AgoraTools
import Foundation
import Synchronization

/// A fixed set of tool-using questions and how to score an agent loop on them: `agora bench tools`.
///
/// Each question goes to a fresh swarm whose `assistant` agent has `word_count`, `recall` and `delegate` (to a
/// `researcher` with `word_count` and `now`), against memory holding `notes`. A question is scored on the
/// assistant's first tool call (the tool it should call, with arguments that pass the schema and carry the
/// question's data) and on its final answer (it contains an expected answer as a whole word).
public enum ToolUseBench {
    /// Facts the memory holds before the questions run; the recall questions ask for them.
    public static let notes = [
        "The launch date is March 3.",
        "Priya owns the budget.",
        "The project is called Lantern.",
        "The office is in Lisbon.",
        "The release train leaves every Tuesday.",
        "The database we use is PostgreSQL.",
    ]

    /// The agents of every question: the one asked, and the one it may delegate to.
    public static let agents: [String: AgentDefinition] = [
        "assistant": AgentDefinition(
            name: "assistant", description: "Answers questions with its tools.",
            instructions: "You answer questions. Use word_count to count words, recall to look up notes in memory, and delegate to ask the researcher agent.",
            tools: ["word_count", "recall", "delegate"], maxTurns: 4
        ),
        "researcher": AgentDefinition(
            name: "researcher", description: "Looks things up for other agents and reports back.",
            instructions: "You research what you are asked and answer briefly. Use word_count to count words.",
            tools: ["word_count", "now"], maxTurns: 3
        ),
    ]

    public static let askedAgent = "assistant"

    /// 24 questions: 10 word counts, 6 lookups in memory, 4 delegations, 4 that need no tool.
    public static let questions: [ToolUseQuestion] = {
        let counts: [(String, String)] = [
            (#"How many words are in this text: "river copper lantern"?"#, "river copper lantern"),
            (#"Count the words in "the quick brown fox jumps"."#, "the quick brown fox jumps"),
            (#"How many words does this sentence have: "We ship the release on Monday morning."?"#, "We ship the release on Monday morning."),
            (#"What is the word count of "alpha beta"?"#, "alpha beta"),
            (#"How many words are in "budget review moved to Friday"?"#, "budget review moved to Friday"),
            (#"Count the words of this note: "call the vendor about the late invoice"."#, "call the vendor about the late invoice"),
            (#"How many words are in this text: "green tea"?"#, "green tea"),
            (#"What is the word count of "servers need more memory and faster disks today"?"#, "servers need more memory and faster disks today"),
            (#"Count the words in "one small step"."#, "one small step"),
            (#"How many words are in "the meeting ended early"?"#, "the meeting ended early"),
        ]
        var questions = counts.map { question, text in
            let words = text.split(separator: " ").count
            return ToolUseQuestion(kind: .wordCount, text: question, tool: "word_count", argument: "text", carries: [text],
                                   answers: ToolUseQuestion.number(words))
        }
        let lookups: [(String, String, String)] = [
            ("Look up in memory: when is the launch date?", "launch", "March 3"),
            ("Search my notes for who owns the budget.", "budget", "Priya"),
            ("Recall from memory what the project is called.", "project", "Lantern"),
            ("Look up in memory: where is the office?", "office", "Lisbon"),
            ("Search memory: when does the release train leave?", "release", "Tuesday"),
            ("Recall from my notes which database we use.", "database", "PostgreSQL"),
        ]
        questions += lookups.map { question, key, answer in
            ToolUseQuestion(kind: .recall, text: question, tool: "recall", argument: "query", carries: [key], answers: [answer])
        }
        let delegations: [(String, String)] = [
            (#"Ask the researcher agent to count the words in "one two three four"."#, "one two three four"),
            (#"Have the researcher count the words of "red green blue"."#, "red green blue"),
            (#"Delegate to the researcher: how many words are in "sun moon"?"#, "sun moon"),
            (#"Ask the researcher agent how many words "cats chase small mice quickly" has."#, "cats chase small mice quickly"),
        ]
        questions += delegations.map { question, text in
            ToolUseQuestion(kind: .delegation, text: question, tool: "delegate", argument: "agent", carries: ["researcher"],
                            answers: ToolUseQuestion.number(text.split(separator: " ").count))
        }
        questions += [
            ToolUseQuestion(kind: .noTool, text: "What color is the sky on a clear day?", answers: ["blue"]),
            ToolUseQuestion(kind: .noTool, text: "What is the capital of France?", answers: ["Paris"]),
            ToolUseQuestion(kind: .noTool, text: "Say hello.", answers: ["hello", "hi"]),
            ToolUseQuestion(kind: .noTool, text: "What is two plus two?", answers: ["4", "four"]),
        ]
        return questions
    }()

    /// Asks `question` through a fresh swarm on `backend` and scores what the asked agent did.
    public static func run(
        _ question: ToolUseQuestion, backend: any ModelBackend, toolbox: ToolBox, mode: ToolCallMode, routesTasks: Bool,
        resolver: ToolCallModeResolver
    ) async throws -> ToolUseOutcome {
        let steps = Mutex<[AgentLoopStep]>([])
        let options = AgentLoopOptions(
            // Greedy decoding: the same model and server give the same figures run after run.
            contextBudget: 4_000, defaultMaxTurns: 4, maxOutputTokens: 200, temperature: 0, agents: agents, toolCalls: mode,
            modeResolver: resolver, routesTasks: routesTasks, observer: { step in steps.withLock { $0.append(step) } }
        )
        let definition = agents[askedAgent]!
        let loop = AgentLoop(definition: definition, tools: toolbox.restricted(to: definition.tools), options: options)
        let swarm = Swarm(backends: [backend], limits: SwarmLimits(maxDepth: 3, maxTotalAgents: 8))
        let started = ContinuousClock.now
        let result = try await swarm.run(askedAgent, definition: definition) { context in
            try await loop.run(task: question.text, context: context)
        }
        let seconds = (ContinuousClock.now - started).inSeconds
        return score(question, steps: steps.withLock { $0 }, answer: result.answer, answered: result.stop == .answered,
                     modelCalls: swarm.usage.modelCalls, seconds: seconds)
    }

    /// Scores what the loop did: its steps, as the observer saw them, and its answer.
    public static func score(
        _ question: ToolUseQuestion, steps: [AgentLoopStep], answer: String, answered: Bool, modelCalls: Int, seconds: Double
    ) -> ToolUseOutcome {
        var calls: [ToolCall] = []
        var failed: Set<String> = []
        for step in steps {
            switch step {
            case .modelAnswer(let agent, _, let toolCalls, _) where agent.depth == 0: calls += toolCalls
            case .toolResult(let agent, let result) where agent.depth == 0 && result.isError: failed.insert(result.call.id)
            default: break
            }
        }
        let first = calls.first
        let rightTool: Bool
        if let expected = question.tool {
            rightTool = first.map { call in
                call.name == expected && !failed.contains(call.id) && question.argumentsCarryTheData(call.arguments)
            } ?? false
        } else {
            rightTool = calls.isEmpty
        }
        return ToolUseOutcome(
            question: question, firstCall: first, rightTool: rightTool,
            answeredRight: answered && question.isAnsweredBy(answer), answer: answer, modelCalls: modelCalls, seconds: seconds
        )
    }
}

/// One question of the tool-use bench.
public struct ToolUseQuestion: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case wordCount = "word count"
        case recall = "recall"
        case delegation = "delegation"
        case noTool = "no tool"
    }

    public var kind: Kind
    public var text: String
    /// The tool the asked agent should call first; nil: none.
    public var tool: String?
    /// The argument that must carry the question's data, and the words it must contain (all of them).
    public var argument: String?
    public var carries: [String]
    /// Right answers: the final answer must contain one of them as a whole word (case-insensitive).
    public var answers: [String]

    public init(kind: Kind, text: String, tool: String? = nil, argument: String? = nil, carries: [String] = [], answers: [String]) {
        self.kind = kind
        self.text = text
        self.tool = tool
        self.argument = argument
        self.carries = carries
        self.answers = answers
    }

    /// A count written as digits or as a word.
    static func number(_ value: Int) -> [String] {
        let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        return [String(value)] + (value < words.count ? [words[value]] : [])
    }

    func argumentsCarryTheData(_ arguments: String) -> Bool {
        guard let argument else { return true }
        guard let value = (try? JSONValue.parse(arguments))?[argument]?.stringValue?.lowercased() else { return false }
        return carries.allSatisfy { value.contains($0.lowercased()) }
    }

    func isAnsweredBy(_ answer: String) -> Bool {
        let words = answer.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        return answers.contains { expected in
            let wanted = expected.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            guard !wanted.isEmpty, words.count >= wanted.count else { return false }
            return (0...(words.count - wanted.count)).contains { Array(words[$0..<($0 + wanted.count)]) == wanted }
        }
    }
}

/// How one question went.
public struct ToolUseOutcome: Sendable, Hashable {
    public var question: ToolUseQuestion
    /// The asked agent's first tool call, if it made one.
    public var firstCall: ToolCall?
    /// The expected tool called first with arguments that passed and carry the data; for a no-tool question, no call.
    public var rightTool: Bool
    public var answeredRight: Bool
    public var answer: String
    public var modelCalls: Int
    public var seconds: Double
}
