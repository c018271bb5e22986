import AgoraCore

extension PipelineDefinition {
    /// The plan as a tree: every step, the agents it runs with their back ends and limits, and the values that
    /// flow between steps. Nothing is run and no model is called.
    ///
    /// - Parameters:
    ///   - library: the agents the file's own `agents:` stand beside.
    ///   - backendOverride: a back end that serves every agent of the run (the CLI's `--model`), if any.
    public func plan(library: [String: AgentDefinition], backendOverride: String? = nil) -> String {
        let agents = library.merging(self.agents) { _, inline in inline }
        var lines = ["pipeline \(name) (\(file))"]
        if !description.isEmpty { lines.append(description) }
        lines.append("inputs: \(inputs.isEmpty ? "none" : inputs.joined(separator: ", ")) · output: \(output)")
        lines.append("root")
        let renderer = PlanRenderer(agents: agents, backendOverride: backendOverride)
        renderer.render(steps, prefix: "", into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }
}

struct PlanRenderer {
    let agents: [String: AgentDefinition]
    let backendOverride: String?

    func render(_ steps: [PipelineStep], prefix: String, into lines: inout [String]) {
        for (offset, step) in steps.enumerated() {
            let last = offset == steps.count - 1
            lines.append(prefix + (last ? "└── " : "├── ") + headline(step))
            let inner = prefix + (last ? "    " : "│   ")
            for detail in details(step) { lines.append(inner + detail) }
            switch step.kind {
            case .sequence(let children), .parallel(let children): render(children, prefix: inner, into: &lines)
            case .loop(let loop): render(loop.body, prefix: inner, into: &lines)
            default: break
            }
        }
    }

    func arrow(_ output: String?) -> String { output.map { " → \($0)" } ?? "" }

    func headline(_ step: PipelineStep) -> String {
        switch step.kind {
        case .agent(let call):
            let source = call.prompt != nil ? "prompt" : call.input.joined(separator: ", ")
            return "agent \(step.id): \(call.agent) on \(source)\(arrow(call.output))"
        case .map(let map):
            let width = map.maxConcurrent.map { "at most \($0) at once" } ?? "all at once"
            return "map \(step.id): \(map.call.agent) over each of \(map.over) as \(map.childName)-1, \(map.childName)-2, … (\(width))\(arrow(map.call.output))"
        case .reduce(let reduce):
            var text = "reduce \(step.id): \(reduce.call.agent) over \(reduce.over), a tree of fan-in \(reduce.fanIn)\(arrow(reduce.call.output))"
            if let each = reduce.each { text += ", each item as \(each.childName)-N → \(each.output)" }
            return text
        case .loop(let loop):
            let until = loop.until.map { " until \($0.value) contains '\($0.contains)'" } ?? ""
            return "loop \(step.id): at most \(loop.max) passes\(until)"
        case .sequence: return "sequence \(step.id)"
        case .parallel: return "parallel \(step.id): branches at the same time"
        case .market(let market):
            let bidding = market.bidders.count == market.workers.count ? "" : " (\(market.bidders.count) bid)"
            return "market \(step.id): an auction among \(market.workers.count) workers\(bidding), awarded by \(market.policy.rawValue)\(arrow(market.call.output))"
        case .call(let call):
            let arguments = call.arguments.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.debugDescription.dropFirst().dropLast())" }
            return "call \(call.function)(\(arguments.joined(separator: ", ")))\(arrow(call.output))"
        }
    }

    func details(_ step: PipelineStep) -> [String] {
        switch step.kind {
        case .agent(let call): options(call) + [agentLine(call.agent)]
        case .map(let map): options(map.call) + [agentLine(map.call.agent)]
        case .reduce(let reduce):
            options(reduce.call, extra: [reduce.levelWords.map { "level words \($0)" }, reduce.each?.words.map { "each words \($0)" }])
                + [agentLine(reduce.call.agent)]
        case .market(let market):
            options(market.call) + [terms(market)] + market.workers.map { worker in
                guard let price = worker.price else { return agentLine(worker.agent) + " · bids nothing" }
                let over = price > market.funds ? " (over the budget: cannot win)" : ""
                return agentLine(worker.agent) + " · bids \(Self.credits(price))\(over)"
            }
        default: []
        }
    }

    /// `budget 3 credits (the dearest price) · deadline 60 s · seed 1`
    func terms(_ market: MarketStep) -> String {
        let budget = "budget \(Self.credits(market.funds)) credits" + (market.budget == nil ? " (the dearest price)" : "")
        let deadline = "deadline \(Self.credits(market.deadline ?? MarketStep.defaultDeadline)) s" + (market.deadline == nil ? " (default)" : "")
        return [budget, deadline, market.policy == .random ? "seed \(market.seed)" : nil].compactMap { $0 }.joined(separator: " · ")
    }

    /// `3` for 3.0, `1.5` for 1.5.
    static func credits(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    func options(_ call: AgentCall, extra: [String?] = []) -> [String] {
        let parts = [
            call.words.map { "words \($0)" }, call.temperature.map { "temperature \($0)" },
            call.document.map { "document \($0)" }, call.format == .text ? nil : "format \(call.format.rawValue)",
        ] + extra
        let present = parts.compactMap { $0 }
        return present.isEmpty ? [] : [present.joined(separator: " · ")]
    }

    /// `agent reducer: backend local:extractive · max turns 4 · budget 2.0 · timeout 30s`
    func agentLine(_ name: String) -> String {
        guard let agent = agents[name] else { return "agent \(name): (not defined)" }
        var parts = ["backend \(backendOverride ?? agent.backend ?? "default")"]
        if !agent.tools.isEmpty { parts.append("tools \(agent.tools.joined(separator: ", "))") }
        if let maxTurns = agent.maxTurns { parts.append("max turns \(maxTurns)") }
        if let budget = agent.budget { parts.append("budget \(budget)") }
        if let memory = agent.memory { parts.append("memory \(memory)") }
        if let timeout = agent.timeout { parts.append("timeout \(timeout.inSeconds)s") }
        return "agent \(name): " + parts.joined(separator: " · ")
    }
}
