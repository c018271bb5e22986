/// A typed piece of a swarm: given an input, it runs in an agent's context (asking models, spawning children)
/// and gives an output. Steps compose with `then` and the static builders `Step.map`, `.reduce`, `.parallel`,
/// `.loop` and `.market`; the compiler checks that each output fits the next input.
///
/// ```swift
/// let summary = Step.transform(split)
///     .then(.map(.ask(summarizer, words: 80), name: "part"))
///     .then(.reduce(merger, fanIn: 4, words: 120))
/// let text = try await Swarm(backends: [ExtractiveBackend()]).run(summary, transcript)
/// ```
public struct Step<Input: Sendable, Output: Sendable>: Sendable {
    public let body: @Sendable (AgentContext, Input) async throws -> Output

    public init(_ body: @escaping @Sendable (AgentContext, Input) async throws -> Output) {
        self.body = body
    }

    /// This step, then `next` on its output.
    public func then<Next: Sendable>(_ next: Step<Output, Next>) -> Step<Input, Next> {
        Step<Input, Next> { context, input in try await next.body(context, try await self.body(context, input)) }
    }

    /// This step as a child agent named `name`, with its own path, limits and trace.
    public func asAgent(_ name: String, definition: AgentDefinition? = nil) -> Step {
        Step { context, input in try await context.spawn(name, definition: definition) { child in try await self.body(child, input) } }
    }
}

extension Step {
    /// A plain function as a step: no agent, no model.
    public static func transform(_ function: @escaping @Sendable (Input) throws -> Output) -> Step {
        Step { _, input in try function(input) }
    }

    /// `step` on every item, each in its own child agent `name-1`, `name-2`, …, at most `maxConcurrent` at once;
    /// the outputs keep the items' order.
    public static func map<Item: Sendable, Result: Sendable>(_ step: Step<Item, Result>, name: String = "item", maxConcurrent: Int? = nil) -> Step
    where Input == [Item], Output == [Result] {
        Step { context, items in try await context.map(items, name: name, maxConcurrent: maxConcurrent, step.body) }
    }

    /// Both steps on the same input at the same time.
    public static func parallel<A: Sendable, B: Sendable>(_ a: Step<Input, A>, _ b: Step<Input, B>) -> Step where Output == (A, B) {
        Step { context, input in
            async let first = a.body(context, input)
            async let second = b.body(context, input)
            return try await (first, second)
        }
    }

    /// `body` again on its own output, at most `max` times, until `until` holds for an output.
    public static func loop(max: Int, until: @escaping @Sendable (Output) -> Bool, _ body: Step) -> Step where Input == Output {
        Step { context, state in
            var state = state
            for _ in 0..<Swift.max(1, max) {
                state = try await body.body(context, state)
                if until(state) { break }
            }
            return state
        }
    }
}

extension Step where Input == String, Output == String {
    /// The current agent asks the model once as `agent` (instructions as system message, the input as user
    /// message). With `words` it is a summarisation request of about that length, which any back end can serve.
    public static func ask(_ agent: AgentDefinition, words: Int? = nil, temperature: Double? = nil) -> Step {
        Step { context, text in try await context.answer(agent, text: text, words: words, temperature: temperature) }
    }

    /// `ask`, as a child agent named after the agent.
    public static func agent(_ agent: AgentDefinition, words: Int? = nil, temperature: Double? = nil) -> Step {
        ask(agent, words: words, temperature: temperature).asAgent(agent.name, definition: agent)
    }

    /// Puts the input out to tender among `workers`, as the `market` step of a pipeline file does (both run a
    /// `Tender`): each worker with a price bids it, `policy` picks the winner among the bids within `budget` (by
    /// default the dearest price), and the winner answers as its agent in a child `task-r1-NAME`, paid from escrow
    /// on delivery. A failed or late winner is not paid and the task goes to auction again. `report` receives the
    /// market's report (auctions, ledger).
    ///
    /// ```swift
    /// let tender = Step.market([(careful, 4), (quick, 1.5)], policy: .bestValue, budget: 3, words: 50)
    /// ```
    public static func market(
        _ workers: [(agent: AgentDefinition, price: Double?)], policy: AwardPolicy = .cheapest, budget: Double? = nil, seed: UInt64 = 1,
        deadline: Double = MarketStep.defaultDeadline, words: Int? = nil, report: (@Sendable (MarketReport) -> Void)? = nil
    ) -> Step {
        let tender = Tender(bidders: workers.map { Tender.Bidder(agent: $0.agent, price: $0.price) }, policy: policy, budget: budget,
                            seed: seed, deadline: deadline)
        return Step { context, text in
            let result = try await tender.run(text, words: words, in: context) { agent, worker in
                try await worker.answer(agent, text: text, words: words)
            }
            report?(result.report)
            return result.text
        }
    }
}

extension Step where Input == [String], Output == String {
    /// Folds texts with a tree of `agent`s of fan-in k (children `level1-1`, …), the current agent at the top.
    /// `levelWords` is what the levels below keep (by default `words`).
    public static func reduce(_ agent: AgentDefinition, fanIn: Int = 4, words: Int? = nil, levelWords: Int? = nil) -> Step {
        Step { context, texts in
            try await context.treeFold(texts, fanIn: fanIn, definition: agent) { child, run, isTop in
                try await child.answer(agent, text: run.joined(separator: "\n\n"), words: isTop ? words : levelWords ?? words)
            }
        }
    }
}

extension Swarm {
    /// Runs `step` on `input` as the root agent.
    public func run<Input: Sendable, Output: Sendable>(_ step: Step<Input, Output>, _ input: Input, root: String = "root") async throws -> Output {
        try await run(root) { context in try await step.body(context, input) }
    }
}
