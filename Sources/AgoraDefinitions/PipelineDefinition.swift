import AgoraCore

/// A pipeline file as plain values: named inputs, steps, and the value it prints.
public struct PipelineDefinition: Sendable, Hashable {
    public var name: String
    public var description: String
    /// The file it came from, as the user named it; errors and plans cite it.
    public var file: String
    /// Names of the values a run must be given (`--input NAME=...`).
    public var inputs: [String]
    /// The value the run prints; by default the last step's output.
    public var output: String
    /// Agents defined in the file itself (`agents:`), next to those of the agent library.
    public var agents: [String: AgentDefinition]
    /// Run one after the other in the root agent.
    public var steps: [PipelineStep]

    public init(name: String, description: String = "", file: String = "<memory>", inputs: [String], output: String,
                agents: [String: AgentDefinition] = [:], steps: [PipelineStep]) {
        self.name = name
        self.description = description
        self.file = file
        self.inputs = inputs
        self.output = output
        self.agents = agents
        self.steps = steps
    }
}

/// One step: what it does (`kind`), where it is written (`line`), and its `id`, which names the agent it runs as
/// (`root/map`) and the step in messages.
public struct PipelineStep: Sendable, Hashable {
    public var id: String
    public var line: Int
    public var kind: Kind

    public init(id: String, line: Int, kind: Kind) {
        self.id = id
        self.line = line
        self.kind = kind
    }

    /// The names of the values the step writes, its inner steps' included.
    public var outputs: [String] {
        switch kind {
        case .agent(let call): [call.output].compactMap { $0 }
        case .map(let map): [map.call.output].compactMap { $0 }
        case .reduce(let reduce): [reduce.each?.output, reduce.call.output].compactMap { $0 }
        case .market(let market): [market.call.output].compactMap { $0 }
        case .call(let call): [call.output].compactMap { $0 }
        case .sequence(let steps), .parallel(let steps): steps.flatMap(\.outputs)
        case .loop(let loop): loop.body.flatMap(\.outputs)
        }
    }

    public indirect enum Kind: Sendable, Hashable {
        /// One agent answers once.
        case agent(AgentCall)
        /// Steps one after the other.
        case sequence([PipelineStep])
        /// Steps at the same time; each sees the values from before the `parallel`.
        case parallel([PipelineStep])
        /// One agent per item of a list, at most `maxConcurrent` at once; the output is the list of answers.
        case map(MapStep)
        /// A list folded by a tree of agents with fan-in k.
        case reduce(ReduceStep)
        /// The body again until `until` holds or `max` passes have run.
        case loop(LoopStep)
        /// Work given to one of several worker agents by auction.
        case market(MarketStep)
        /// A registered function (no agent, no model), such as `chunk`, `join`, or the summariser's `segment` and `digest`.
        case call(FunctionCall)
    }
}

/// How a step asks its agent: which agent, the text it gets, and how its answer is read.
public struct AgentCall: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// The answer as it is.
        case text
        /// The answer as a list of sentences, one a line, bullets and numbering removed.
        case sentences
    }

    public var agent: String
    /// Values whose text makes the user message, joined by blank lines (ignored when `prompt` is set).
    public var input: [String]
    /// A template for the user message: `{name}` is replaced by a value's text (`{item}` in a map).
    public var prompt: String?
    public var output: String?
    /// Asks for a summary of about this many words (a summarisation request that any back end can serve).
    public var words: Int?
    public var temperature: Double?
    /// The value that is the whole source document, for back ends that rank against it.
    public var document: String?
    public var format: Format

    public init(agent: String, input: [String] = [], prompt: String? = nil, output: String? = nil, words: Int? = nil,
                temperature: Double? = nil, document: String? = nil, format: Format = .text) {
        self.agent = agent
        self.input = input
        self.prompt = prompt
        self.output = output
        self.words = words
        self.temperature = temperature
        self.document = document
        self.format = format
    }
}

public struct MapStep: Sendable, Hashable {
    /// The agent, its output and options; `output` receives the list of answers.
    public var call: AgentCall
    /// The list to map over.
    public var over: String
    /// The children's name: `segment` makes `segment-1`, `segment-2`, ...
    public var childName: String
    public var maxConcurrent: Int?

    public init(call: AgentCall, over: String, childName: String = "item", maxConcurrent: Int? = nil) {
        self.call = call
        self.over = over
        self.childName = childName
        self.maxConcurrent = maxConcurrent
    }
}

/// A tree reduce. Items are folded `fanIn` at a time by child agents (`level1-1`, ...; `level2-1`, ... above
/// them) until at most `fanIn` are left; the step's own agent folds those into the output at `call.words`.
/// With `each`, every item is also condensed on its own (children `each.childName-i`, or the step's agent
/// when there is one item) into a list: the parts of a detailed summary beside the overall one.
public struct ReduceStep: Sendable, Hashable {
    public struct Each: Sendable, Hashable {
        public var childName: String
        public var words: Int?
        public var output: String

        public init(childName: String, words: Int?, output: String) {
            self.childName = childName
            self.words = words
            self.output = output
        }
    }

    public var call: AgentCall
    public var over: String
    public var fanIn: Int
    /// Words kept by the levels below the top; by default `call.words`.
    public var levelWords: Int?
    public var each: Each?

    public init(call: AgentCall, over: String, fanIn: Int = 4, levelWords: Int? = nil, each: Each? = nil) {
        self.call = call
        self.over = over
        self.fanIn = fanIn
        self.levelWords = levelWords
        self.each = each
    }
}

public struct LoopStep: Sendable, Hashable {
    /// Stop when the value's text contains this (checked after each pass).
    public struct Condition: Sendable, Hashable {
        public var value: String
        public var contains: String

        public init(value: String, contains: String) {
            self.value = value
            self.contains = contains
        }
    }

    public var body: [PipelineStep]
    public var max: Int
    public var until: Condition?

    public init(body: [PipelineStep], max: Int, until: Condition? = nil) {
        self.body = body
        self.max = max
        self.until = until
    }
}

/// A task put out to tender among worker agents: every worker with a `price` bids it, the `policy` picks the
/// winner among the bids the `budget` allows, and the winner's answer is the step's output. The runner holds the
/// auction in the economy's market (escrow, ledger, re-auction of late or failed work).
public struct MarketStep: Sendable, Hashable {
    /// A worker and the price it declares for the task (credits); a worker without a price does not bid.
    public struct Worker: Sendable, Hashable {
        public var agent: String
        public var price: Double?

        public init(agent: String, price: Double? = nil) {
            self.agent = agent
            self.price = price
        }
    }

    /// How the winner is picked: the market's award policies, by the names pipeline files use.
    public enum Policy: String, Sendable, Hashable, CaseIterable {
        /// The lowest price (the default: the rule of a plain tender).
        case cheapest
        /// The highest claimed quality per credit.
        case bestValue = "best-value"
        /// The highest quality per credit the market expects, the worker's record and trust weighed in.
        case reputation
        /// Any admissible bid, drawn with `seed`: the control.
        case random
    }

    /// Seconds a winner has to deliver when the file gives no `deadline`.
    public static let defaultDeadline = 60.0

    /// The task: input, prompt, output and options as for an agent step; `call.agent` is unused.
    public var call: AgentCall
    public var workers: [Worker]
    public var policy: Policy
    /// Credits the buyer may spend on the task: its opening balance, and the most it pays a worker; nil: the
    /// dearest declared price, so that every worker may win.
    public var budget: Double?
    /// The random policy's seed.
    public var seed: UInt64
    /// Seconds the winner has to deliver: a late delivery is not paid and the task goes to auction again.
    public var deadline: Double?

    public init(call: AgentCall, workers: [Worker], policy: Policy = .cheapest, budget: Double? = nil, seed: UInt64 = 1,
                deadline: Double? = nil) {
        self.call = call
        self.workers = workers
        self.policy = policy
        self.budget = budget
        self.seed = seed
        self.deadline = deadline
    }

    /// The workers that bid: those with a declared price.
    public var bidders: [Worker] { workers.filter { $0.price != nil } }

    /// What the buyer opens its account with: the `budget`, else the dearest declared price.
    public var funds: Double { Self.funds(budget: budget, prices: workers.map(\.price)) }

    /// The buyer's funds for a `budget` and the workers' declared `prices`: the budget, else the dearest price, so
    /// that every worker may win. The plan prints it and the economy's `Tender` opens the buyer's account with it.
    public static func funds(budget: Double?, prices: [Double?]) -> Double {
        budget ?? prices.compactMap { $0 }.max() ?? 0
    }
}

/// A call of a registered function: its name, its arguments (value names, numbers or text, as its signature says),
/// and the value it writes.
public struct FunctionCall: Sendable, Hashable {
    public var function: String
    public var arguments: [String: String]
    public var output: String?

    public init(function: String, arguments: [String: String], output: String?) {
        self.function = function
        self.arguments = arguments
        self.output = output
    }
}
