/// A typed piece of a swarm: given an input, it runs in an agent's context (asking models, spawning children)
/// and gives an output. Steps compose with `then`, `map`, `reduce`, `parallel`, `loop` and `market`; the
/// compiler checks that each output fits the next input.
///
/// ```swift
/// let summary = split(words: 400)
///     .then(map(ask(summarizer, words: 80), name: "part"))
///     .then(reduce(merger, fanIn: 4, words: 120))
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

/// A plain function as a step: no agent, no model.
public func transform<Input: Sendable, Output: Sendable>(_ function: @escaping @Sendable (Input) throws -> Output) -> Step<Input, Output> {
    Step { _, input in try function(input) }
}

/// The current agent asks the model once as `agent` (instructions as system message, the input as user message).
/// With `words` it is a summarisation request of about that length, which any back end can serve.
public func ask(_ agent: AgentDefinition, words: Int? = nil, temperature: Double? = nil) -> Step<String, String> {
    Step { context, text in try await context.answer(agent, text: text, words: words, temperature: temperature) }
}

/// `ask`, as a child agent named after the agent.
public func agent(_ agent: AgentDefinition, words: Int? = nil, temperature: Double? = nil) -> Step<String, String> {
    ask(agent, words: words, temperature: temperature).asAgent(agent.name, definition: agent)
}

/// `step` on every item, each in its own child agent `name-1`, `name-2`, …, at most `maxConcurrent` at once;
/// the outputs keep the items' order.
public func map<Item: Sendable, Result: Sendable>(_ step: Step<Item, Result>, name: String = "item", maxConcurrent: Int? = nil) -> Step<[Item], [Result]> {
    Step { context, items in try await context.map(items, name: name, maxConcurrent: maxConcurrent, step.body) }
}

/// Folds texts with a tree of `agent`s of fan-in k (children `level1-1`, …), the current agent at the top.
/// `levelWords` is what the levels below keep (by default `words`).
public func reduce(_ agent: AgentDefinition, fanIn: Int = 4, words: Int? = nil, levelWords: Int? = nil) -> Step<[String], String> {
    Step { context, texts in
        try await context.treeFold(texts, fanIn: fanIn, definition: agent) { child, run, isTop in
            try await child.answer(agent, text: run.joined(separator: "\n\n"), words: isTop ? words : levelWords ?? words)
        }
    }
}

/// Both steps on the same input at the same time.
public func parallel<Input: Sendable, A: Sendable, B: Sendable>(_ a: Step<Input, A>, _ b: Step<Input, B>) -> Step<Input, (A, B)> {
    Step { context, input in
        async let first = a.body(context, input)
        async let second = b.body(context, input)
        return try await (first, second)
    }
}

/// `body` again on its own output, at most `max` times, until `until` holds for an output.
public func loop<State: Sendable>(max: Int, until: @escaping @Sendable (State) -> Bool, _ body: Step<State, State>) -> Step<State, State> {
    Step { context, state in
        var state = state
        for _ in 0..<Swift.max(1, max) {
            state = try await body.body(context, state)
            if until(state) { break }
        }
        return state
    }
}

/// Puts the input out to tender among `workers`; the cheapest declared price wins (the first on a tie) and runs
/// as a child agent. Workers without a price do not bid. The economy module (issue 8) will replace this rule with
/// real auctions: budgets, bids and reputations.
public func market(_ workers: [(agent: AgentDefinition, price: Double?)], words: Int? = nil) -> Step<String, String> {
    Step { context, text in
        let bids = workers.enumerated().compactMap { offset, worker in worker.price.map { (offset, worker.agent, $0) } }
        guard let (_, winner, price) = bids.min(by: { ($0.2, $0.0) < ($1.2, $1.0) }) else { throw MarketError.noBids }
        context.note("market: awarded to \(winner.name) at \(price)")
        return try await agent(winner, words: words).body(context, text)
    }
}

public enum MarketError: Error, CustomStringConvertible {
    case noBids
    public var description: String { "no worker declared a price" }
}

extension Swarm {
    /// Runs `step` on `input` as the root agent.
    public func run<Input: Sendable, Output: Sendable>(_ step: Step<Input, Output>, _ input: Input, root: String = "root") async throws -> Output {
        try await run(root) { context in try await step.body(context, input) }
    }
}
