import Yams

extension PipelineFile.Parser {
    typealias Entry = YAMLReader.Entry

    /// Reads the fields of one step of kind `kind`, checking every name it uses.
    mutating func read(kind: String, entry: Entry, _ keys: [String: Entry], line: Int) -> PipelineStep.Kind? {
        switch kind {
        case "agent":
            guard let agent = agentName(entry) else { return nil }
            return .agent(call(agent: agent, keys, line: line, inputRequired: true))
        case "map":
            guard let agent = agentName(entry), let over = valueName(keys["over"], field: "over", line: line) else { return nil }
            let childName = keys["as"].flatMap { plainName($0) } ?? "item"
            let maxConcurrent = keys["max_concurrent"].flatMap { reader.int($0) }
            let call = call(agent: agent, keys, line: line, inputRequired: false, extraPlaceholders: ["item"])
            return .map(MapStep(call: call, over: over, childName: childName, maxConcurrent: maxConcurrent))
        case "reduce":
            guard let agent = agentName(entry), let over = valueName(keys["over"], field: "over", line: line) else { return nil }
            let fanIn = keys["fan_in"].flatMap { reader.int($0, minimum: 2) } ?? 4
            let levelWords = keys["level_words"].flatMap { reader.int($0) }
            var each: ReduceStep.Each?
            if let eachEntry = keys["each"], let fields = reader.entries(eachEntry.value, what: "each", allowed: ["as", "words", "output"]) {
                let byKey = Dictionary(fields.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
                if let output = byKey["output"].flatMap({ reader.string($0) }) {
                    each = ReduceStep.Each(childName: byKey["as"].flatMap { plainName($0) } ?? "part",
                                           words: byKey["words"].flatMap { reader.int($0) }, output: output)
                } else {
                    reader.fail(eachEntry.line, field: "each", "needs an `output` naming the list of parts")
                }
            }
            let call = call(agent: agent, keys, line: line, inputRequired: false)
            return .reduce(ReduceStep(call: call, over: over, fanIn: fanIn, levelWords: levelWords, each: each))
        case "market":
            guard case .sequence(let items) = entry.value, !items.isEmpty else {
                reader.fail(entry.line, field: "market", "expected a list of workers such as [{agent: fast, price: 1}]")
                return nil
            }
            var workers: [MarketStep.Worker] = []
            for item in items {
                let itemLine = reader.line(of: item)
                var worker: MarketStep.Worker
                if let name = item.scalar?.string {
                    checkAgent(name, line: itemLine, field: "market")
                    worker = MarketStep.Worker(agent: name)
                } else {
                    guard let fields = reader.entries(item, what: "a market worker", allowed: ["agent", "price"]) else { continue }
                    let byKey = Dictionary(fields.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
                    guard let agent = byKey["agent"].flatMap({ reader.string($0) }) else {
                        reader.fail(itemLine, field: "market", "a worker needs an `agent`")
                        continue
                    }
                    checkAgent(agent, line: itemLine, field: "agent")
                    worker = MarketStep.Worker(agent: agent, price: byKey["price"].flatMap { reader.number($0) })
                }
                // The ledger keeps one account per worker, named for its agent.
                if workers.contains(where: { $0.agent == worker.agent }) {
                    reader.fail(itemLine, field: "market", "'\(worker.agent)' is listed twice; a worker bids once")
                    continue
                }
                workers.append(worker)
            }
            var market = MarketStep(call: call(agent: "", keys, line: line, inputRequired: true), workers: workers)
            readTerms(of: &market, keys)
            if market.bidders.isEmpty, !workers.isEmpty {
                reader.fail(entry.line, field: "market", "no worker declares a price, so no one can win the task (give at least one a `price`)")
            }
            return .market(market)
        case "loop":
            guard let maxEntry = keys["max"] else {
                reader.fail(line, field: "max", "missing: a loop needs `max`, the most passes it may run")
                return nil
            }
            let max = reader.int(maxEntry)
            // Any output of the body may be read anywhere in it: on the first pass it is empty.
            let before = defined
            defined.formUnion(Self.declaredOutputs(entry.value))
            let body = stepList(entry.value, field: "loop")
            var until: LoopStep.Condition?
            if let untilEntry = keys["until"], let fields = reader.entries(untilEntry.value, what: "until", allowed: ["value", "contains"]) {
                let byKey = Dictionary(fields.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
                if let value = valueName(byKey["value"], field: "value", line: untilEntry.line),
                   let contains = byKey["contains"].flatMap({ reader.string($0) }) {
                    until = LoopStep.Condition(value: value, contains: contains)
                } else if byKey["contains"] == nil {
                    reader.fail(untilEntry.line, field: "until", "needs `contains`, the text that ends the loop")
                }
            }
            defined = before
            guard let max else { return nil }
            return .loop(LoopStep(body: body, max: max, until: until))
        case "sequence":
            return .sequence(stepList(entry.value, field: "sequence"))
        case "parallel":
            // Branches see the values from before the parallel step, not each other's.
            let before = defined
            guard case .sequence(let items) = entry.value else { return .parallel(stepList(entry.value, field: "parallel")) }
            var branches: [PipelineStep] = []
            var after = before
            // Branches run at once: two writing one value would leave whichever finished last.
            var writers: [String: String] = [:]
            for item in items {
                defined = before
                if let branch = step(item) {
                    for output in Set(branch.outputs) {
                        if let other = writers[output] {
                            let parallelStep = reader.step
                            reader.step = branch.id
                            reader.fail(branch.line, field: "output",
                                        "'\(output)' is also written by the parallel branch '\(other)'; branches run at once, so give each its own output")
                            reader.step = parallelStep
                        } else {
                            writers[output] = branch.id
                        }
                    }
                    branches.append(branch)
                }
                after.formUnion(defined)
            }
            defined = after
            return .parallel(branches)
        default:
            return functionCall(entry, keys, line: line)
        }
    }

    /// The buyer's terms of a market step: policy, budget, seed, deadline.
    func readTerms(of market: inout MarketStep, _ keys: [String: Entry]) {
        if let entry = keys["policy"], let text = reader.string(entry) {
            let names = MarketStep.Policy.allCases.map(\.rawValue)
            if let policy = MarketStep.Policy(rawValue: text) {
                market.policy = policy
            } else {
                reader.fail(entry.line, field: "policy", "expected \(names.joined(separator: ", ")), got '\(text)'",
                            suggestion: Suggestion.nearest(to: text, in: names))
            }
        }
        if let entry = keys["seed"], let seed = reader.int(entry, minimum: 0) { market.seed = UInt64(seed) }
        if let entry = keys["deadline"], let deadline = reader.number(entry) {
            if deadline > 0 {
                market.deadline = deadline
            } else {
                reader.fail(entry.line, field: "deadline", "must be more than 0 seconds")
            }
        }
        if let entry = keys["budget"], let budget = reader.number(entry) {
            market.budget = budget
            // A budget below every price is a market no one can win: say so now, not after the inputs are read.
            if let cheapest = market.bidders.compactMap(\.price).min(), budget < cheapest {
                reader.fail(entry.line, field: "budget",
                            "\(PlanRenderer.credits(budget)) is below every worker's price (the cheapest asks \(PlanRenderer.credits(cheapest))), so no one can win the task")
            }
        }
    }

    /// An `as:` name, which names child agents: a plain name, or an error.
    func plainName(_ entry: Entry) -> String? {
        guard let name = reader.string(entry) else { return nil }
        guard PlainName.isPlain(name) else {
            reader.fail(entry.line, field: entry.key, PlainName.problem(name, what: "name for child agents"))
            return nil
        }
        return name
    }

    func agentName(_ entry: Entry) -> String? {
        guard let name = reader.string(entry) else { return nil }
        checkAgent(name, line: entry.line, field: entry.key)
        return name
    }

    func valueName(_ entry: Entry?, field: String, line: Int) -> String? {
        guard let entry else {
            reader.fail(line, field: field, "missing: name the value to read")
            return nil
        }
        guard let name = reader.string(entry) else { return nil }
        check(name, line: entry.line, field: field)
        return name
    }

    /// The options every agent-asking step shares.
    func call(agent: String, _ keys: [String: Entry], line: Int, inputRequired: Bool, extraPlaceholders: Set<String> = []) -> AgentCall {
        var call = AgentCall(agent: agent)
        if let entry = keys["input"] {
            let names = entry.value.sequence != nil ? reader.strings(entry) ?? [] : reader.string(entry).map { [$0] } ?? []
            for name in names { check(name, line: entry.line, field: "input") }
            call.input = names
        }
        if let entry = keys["prompt"], let prompt = reader.string(entry) {
            for name in Self.placeholders(in: prompt) where !extraPlaceholders.contains(name) {
                check(name, line: entry.line, field: "prompt")
            }
            call.prompt = prompt
        }
        if inputRequired, call.input.isEmpty, call.prompt == nil {
            reader.fail(line, field: "input", "missing: give the agent an `input` (value names) or a `prompt`")
        }
        call.output = keys["output"].flatMap { reader.string($0) }
        call.words = keys["words"].flatMap { reader.int($0) }
        call.temperature = keys["temperature"].flatMap { reader.number($0) }
        if let entry = keys["document"], let name = reader.string(entry) {
            check(name, line: entry.line, field: "document")
            call.document = name
        }
        if let entry = keys["format"], let text = reader.string(entry) {
            if let format = AgentCall.Format(rawValue: text) {
                call.format = format
            } else {
                reader.fail(entry.line, field: "format", "expected \(AgentCall.Format.allCases.map(\.rawValue).joined(separator: " or ")), got '\(text)'",
                            suggestion: Suggestion.nearest(to: text, in: AgentCall.Format.allCases.map(\.rawValue)))
            }
        }
        return call
    }

    func functionCall(_ entry: Entry, _ keys: [String: Entry], line: Int) -> PipelineStep.Kind? {
        guard let name = reader.string(entry) else { return nil }
        guard let signature = functions.first(where: { $0.name == name }) else {
            let known = functions.isEmpty ? "none is registered" : "there are " + functions.map(\.name).joined(separator: ", ")
            reader.fail(entry.line, field: "call", "no built-in function '\(name)'; \(known)",
                        suggestion: Suggestion.nearest(to: name, in: functions.map(\.name)))
            return nil
        }
        var arguments: [String: String] = [:]
        for argument in signature.arguments {
            guard let entry = keys[argument.name] else {
                if let value = argument.defaultValue {
                    arguments[argument.name] = value
                } else {
                    reader.fail(line, field: argument.name, "missing: \(name) needs `\(argument.name)`")
                }
                continue
            }
            switch argument.kind {
            case .value:
                if let value = reader.string(entry) {
                    check(value, line: entry.line, field: argument.name)
                    arguments[argument.name] = value
                }
            case .integer: arguments[argument.name] = reader.int(entry).map(String.init)
            case .text: arguments[argument.name] = reader.string(entry)
            }
        }
        return .call(FunctionCall(function: name, arguments: arguments, output: keys["output"].flatMap { reader.string($0) }))
    }

    /// `{name}` placeholders of a prompt template.
    static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = rest[rest.index(after: open)..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) { names.append(String(name)) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// The `output` names written anywhere under a node, before it is read (a loop's body may read them early).
    static func declaredOutputs(_ node: Node) -> Set<String> {
        switch node {
        case .mapping(let mapping):
            var names: Set<String> = []
            for (key, value) in mapping {
                if key.scalar?.string == "output", let name = value.scalar?.string { names.insert(name) }
                names.formUnion(declaredOutputs(value))
            }
            return names
        case .sequence(let items):
            return items.reduce(into: []) { $0.formUnion(declaredOutputs($1)) }
        default:
            return []
        }
    }
}

extension PipelineFile {
    /// The `{name}` placeholders of a prompt template, in order.
    public static func placeholders(in template: String) -> [String] {
        Parser.placeholders(in: template)
    }
}
