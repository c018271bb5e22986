import AgoraCore
import AgoraDefinitions
import AgoraRuntime
import AgoraText
import Foundation

extension Run {
    /// Runs `steps` in order in `context`; each sees the values the ones before it wrote.
    func steps(_ steps: [PipelineStep], values: [String: PipelineValue], in context: AgentContext, pass: String) async throws -> [String: PipelineValue] {
        var values = values
        for step in steps {
            try Task.checkCancellation()
            do {
                values = try await self.step(step, values: values, in: context, pass: pass)
            } catch let error as PipelineError {
                throw error
            } catch let error as CancellationError {
                throw error
            } catch {
                throw fail(step, "\(error)")
            }
        }
        return values
    }

    func step(_ step: PipelineStep, values input: [String: PipelineValue], in context: AgentContext, pass: String) async throws -> [String: PipelineValue] {
        var values = input
        let name = step.id + pass
        switch step.kind {
        case .agent(let call):
            let agent = try agent(call.agent, step: step)
            let text = render(call, values: values, item: nil)
            let answer = try await context.spawn(name, definition: agent) { child in
                try await self.answer(call, agent: agent, text: text, position: nil, values: input, in: child)
            }
            if let output = call.output { values[output] = answer }

        case .map(let map):
            let agent = try agent(map.call.agent, step: step)
            let items = try list(map.over, values: values, step: step)
            let answers = try await context.spawn(name) { mapAgent in
                try await mapAgent.map(items, name: map.childName, definition: agent, maxConcurrent: map.maxConcurrent) { child, item in
                    try await self.answer(map.call, agent: agent, text: self.render(map.call, values: input, item: item),
                                          position: item.position, values: input, in: child)
                }
            }
            if let output = map.call.output { values[output] = .list(answers) }

        case .reduce(let reduce):
            let agent = try agent(reduce.call.agent, step: step)
            let items = try list(reduce.over, values: values, step: step)
            let (parts, top) = try await context.spawn(name, definition: agent) { reducer in
                var parts: [PipelineValue]?
                if let each = reduce.each {
                    let eachCall = reduce.call.with(words: each.words ?? reduce.call.words)
                    if items.count == 1 {
                        parts = [try await self.answer(eachCall, agent: agent, text: items[0].text, position: nil, values: input, in: reducer)]
                    } else {
                        parts = try await reducer.map(items, name: each.childName, definition: agent) { child, item in
                            try await self.answer(eachCall, agent: agent, text: item.text, position: nil, values: input, in: child)
                        }
                    }
                }
                let levelCall = reduce.call.with(words: reduce.levelWords ?? reduce.call.words)
                let top = try await reducer.treeFold(items, fanIn: reduce.fanIn, definition: agent) { child, run, isTop in
                    try await self.answer(isTop ? reduce.call : levelCall, agent: agent, text: PipelineValue.list(run).text,
                                          position: nil, values: input, in: child)
                }
                return (parts, top)
            }
            if let each = reduce.each, let parts { values[each.output] = .list(parts) }
            if let output = reduce.call.output { values[output] = top }

        case .loop(let loop):
            for index in 1...loop.max {
                values = try await steps(loop.body, values: values, in: context, pass: pass + "-\(index)")
                if let until = loop.until, values[until.value]?.text.contains(until.contains) == true {
                    context.note("\(step.id): '\(until.value)' contains '\(until.contains)' after pass \(index)")
                    break
                }
            }

        case .sequence(let children):
            values = try await steps(children, values: values, in: context, pass: pass)

        case .parallel(let branches):
            let results = try await withThrowingTaskGroup(of: (Int, [String: PipelineValue]).self) { group in
                for (index, branch) in branches.enumerated() {
                    group.addTask { (index, try await self.steps([branch], values: input, in: context, pass: pass)) }
                }
                var results: [(Int, [String: PipelineValue])] = []
                for try await result in group { results.append(result) }
                return results.sorted { $0.0 < $1.0 }.map(\.1)
            }
            for (branch, result) in zip(branches, results) {
                for output in branch.outputs { values[output] = result[output] }
            }

        case .market(let market):
            // Who answers and how it is paid for is the registered runner's (the economy's auction in the CLI); the
            // engine resolves the workers, fills in the task and reads the answer.
            guard let marketRunner = runner.registry.market else { throw fail(step, "no market is registered to run a `market` step") }
            let workers = try market.workers.map { MarketStepRunner.Call.Worker(agent: try agent($0.agent, step: step), price: $0.price) }
            let call = market.call
            let text = render(call, values: values, item: nil)
            let request = MarketStepRunner.Call(step: market, name: name, file: file, line: step.line, text: text, words: call.words,
                                                workers: workers, backendOverride: runner.backendOverride) { agent, worker in
                try await self.ask(call, agent: agent, text: text, position: nil, values: input, in: worker)
            }
            let answer = try await context.spawn(name) { buyer in try await marketRunner.run(request, buyer) }
            if let output = call.output { values[output] = read(answer, as: call.format) }

        case .call(let call):
            guard let function = runner.registry.function(call.function) else { throw fail(step, "no built-in function '\(call.function)'") }
            let result = try function.body(PipelineFunction.Call(arguments: call.arguments, values: values, sources: sources, swarm: swarm))
            if let output = call.output { values[output] = result }
        }
        return values
    }

    func list(_ name: String, values: [String: PipelineValue], step: PipelineStep) throws -> [PipelineValue] {
        guard let value = values[name] else { throw fail(step, "no value '\(name)'") }
        guard let items = value.items else { throw fail(step, "'\(name)' must be a list, it is \(value.kindName)") }
        return items
    }

    /// The user message: the prompt template filled in, or the inputs' texts (the item's, in a map).
    func render(_ call: AgentCall, values: [String: PipelineValue], item: PipelineValue?) -> String {
        guard let prompt = call.prompt else {
            if let item { return item.text }
            return call.input.map { values[$0]?.text ?? "" }.joined(separator: "\n\n")
        }
        var text = prompt
        for name in Set(PipelineFile.placeholders(in: prompt)) {
            let value = name == "item" ? item?.text : values[name]?.text
            text = text.replacingOccurrences(of: "{\(name)}", with: value ?? "")
        }
        return text
    }

    /// One model call as `agent`, read in the call's format. Nothing to read, no call. Every caller runs inside an
    /// agent spawned with `agent`'s definition, so the runtime already holds it to the definition's `timeout`.
    func answer(_ call: AgentCall, agent: AgentDefinition, text: String, position: Double?, values: [String: PipelineValue],
                in context: AgentContext) async throws -> PipelineValue {
        read(try await ask(call, agent: agent, text: text, position: position, values: values, in: context), as: call.format)
    }

    /// The model's answer as text (empty, with no call, for an empty message).
    func ask(_ call: AgentCall, agent: AgentDefinition, text: String, position: Double?, values: [String: PipelineValue],
             in context: AgentContext) async throws -> String {
        guard !text.isEmpty else { return "" }
        return try await context.answer(agent, text: text, words: call.words, temperature: call.temperature,
                                        document: self.document(call.document, values: values), position: position,
                                        backend: runner.backendOverride)
    }

    /// An answer in a call's format.
    func read(_ answer: String, as format: AgentCall.Format) -> PipelineValue {
        switch format {
        case .text: .text(answer)
        case .sentences: .list(AnswerLines.sentences(in: answer).map(PipelineValue.text))
        }
    }
}

extension AgentCall {
    func with(words: Int?) -> AgentCall {
        var call = self
        call.words = words
        return call
    }
}
