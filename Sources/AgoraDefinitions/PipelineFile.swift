import AgoraCore
import Foundation
import Yams

/// Reads pipeline files: YAML with `name`, `inputs`, `output`, optional inline `agents`, and `steps`.
///
/// ```yaml
/// name: brief
/// inputs: [notes]
/// output: brief
/// steps:
///   - agent: summarizer
///     input: notes
///     words: 80
///     output: brief
/// ```
///
/// Every value a step reads must be an input or the output of an earlier step (inside a `loop`, any output of
/// the loop's body, which is empty on the first pass). Every agent must be in the library or in `agents:`.
public enum PipelineFile {
    public static let topKeys = ["name", "description", "inputs", "output", "agents", "steps"]
    public static let kinds = ["agent", "sequence", "parallel", "map", "reduce", "loop", "market", "call"]
    static let common = ["id", "output"]
    static let asking = ["input", "prompt", "words", "temperature", "document", "format"]

    /// Reads and parses a pipeline file. `functions` are the signatures `call` steps are checked against, in the
    /// order messages list them (a `PipelineRegistry`'s `signatures`); with none, a file may call no function.
    public static func load(_ path: String, library: AgentLibrary = AgentLibrary(), vocabulary: DefinitionVocabulary = .standard,
                            functions: [FunctionSignature] = []) throws -> PipelineDefinition {
        try parse(try AgentLibrary.readText(path), file: path, library: library, vocabulary: vocabulary, functions: functions)
    }

    /// Parses a pipeline. Throws `DefinitionErrors` listing every mistake with `file:line`, step and field.
    public static func parse(_ text: String, file: String, library: AgentLibrary = AgentLibrary(),
                             vocabulary: DefinitionVocabulary = .standard,
                             functions: [FunctionSignature] = []) throws -> PipelineDefinition {
        let reader = YAMLReader(file: file)
        var parser = Parser(reader: reader, library: library, vocabulary: vocabulary, functions: functions)
        let pipeline = reader.compose(text).flatMap { parser.pipeline($0) }
        guard reader.errors.isEmpty, let pipeline else {
            throw DefinitionErrors(reader.errors.isEmpty ? [DefinitionError(file: file, line: 1, message: "the file is empty")] : reader.errors)
        }
        return pipeline
    }

    struct Parser {
        let reader: YAMLReader
        let library: AgentLibrary
        let vocabulary: DefinitionVocabulary
        let functions: [FunctionSignature]
        var inline: [String: AgentDefinition] = [:]
        /// Values defined so far, in reading order.
        var defined: Set<String> = []

        init(reader: YAMLReader, library: AgentLibrary, vocabulary: DefinitionVocabulary, functions: [FunctionSignature]) {
            self.reader = reader
            self.library = library
            self.vocabulary = vocabulary
            self.functions = functions
        }

        var agentNames: [String] { Array(library.agents.keys) + Array(inline.keys) }

        mutating func pipeline(_ node: Node) -> PipelineDefinition? {
            guard let entries = reader.entries(node, what: "the pipeline", allowed: PipelineFile.topKeys) else { return nil }
            let byKey = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            var name = URL(fileURLWithPath: reader.file).deletingPathExtension().lastPathComponent
            if let entry = byKey["name"], let text = reader.string(entry) { name = text }
            let description = byKey["description"].flatMap { reader.string($0) } ?? ""
            var inputs: [String] = []
            if let entry = byKey["inputs"] {
                if entry.value.mapping != nil {
                    inputs = (reader.entries(entry.value, what: "inputs") ?? []).map(\.key)
                } else {
                    inputs = reader.strings(entry) ?? []
                }
            }
            defined = Set(inputs)
            if let entry = byKey["agents"] { readAgents(entry) }
            guard let stepsEntry = byKey["steps"] else {
                reader.fail(1, field: "steps", "missing: a pipeline needs a list of steps")
                return nil
            }
            let steps = stepList(stepsEntry.value, field: "steps")
            guard !steps.isEmpty else {
                if stepsEntry.value.sequence?.isEmpty == true { reader.fail(stepsEntry.line, field: "steps", "the pipeline has no steps") }
                return nil
            }
            reader.step = nil
            var output = steps.last.flatMap(Self.outputs).flatMap(\.last) ?? ""
            if let entry = byKey["output"], let text = reader.string(entry) {
                output = text
                check(text, line: entry.line, field: "output")
            } else if output.isEmpty {
                reader.fail(1, field: "output", "missing: name the value the pipeline prints (the last step writes none)")
            }
            return PipelineDefinition(name: name, description: description, file: reader.file, inputs: inputs, output: output,
                                      agents: inline, steps: steps)
        }

        mutating func readAgents(_ entry: YAMLReader.Entry) {
            guard let agents = reader.entries(entry.value, what: "agents") else { return }
            for agent in agents {
                // An inline agent is `name: { fields }`; its key is its name.
                var node = agent.value
                if let mapping = node.mapping, !mapping.keys.contains(where: { $0.scalar?.string == "name" }) {
                    let pairs = mapping.map { ($0.key, $0.value) } + [(Node("name"), Node(agent.key))]
                    node = .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
                }
                if let definition = AgentFile.read(node, instructions: nil, reader: reader, vocabulary: vocabulary, line: agent.line) {
                    inline[definition.name] = definition
                }
            }
        }

        static func outputs(of step: PipelineStep) -> [String] { step.outputs }

        mutating func stepList(_ node: Node, field: String) -> [PipelineStep] {
            guard case .sequence(let items) = node else {
                reader.fail(reader.line(of: node), field: field, "expected a list of steps (lines starting with '- '), got \(reader.describe(node))")
                return []
            }
            return items.compactMap { step($0) }
        }

        func check(_ value: String, line: Int, field: String) {
            guard !defined.contains(value) else { return }
            reader.fail(line, field: field, "no value named '\(value)' exists here; values are the inputs and the outputs of earlier steps",
                        suggestion: Suggestion.nearest(to: value, in: defined))
        }

        func checkAgent(_ name: String, line: Int, field: String) {
            guard inline[name] == nil, library.agents[name] == nil else { return }
            reader.fail(line, field: field, "no agent named '\(name)' (agents come from the agents folder and the file's `agents:`)",
                        suggestion: Suggestion.nearest(to: name, in: agentNames))
        }

        mutating func step(_ node: Node) -> PipelineStep? {
            let outerStep = reader.step
            defer { reader.step = outerStep }
            guard let entries = reader.entries(node, what: "a step") else { return nil }
            let line = reader.line(of: node)
            let kinds = entries.filter { PipelineFile.kinds.contains($0.key) }
            if let idEntry = entries.first(where: { $0.key == "id" }), let id = idEntry.value.scalar?.string { reader.step = id }
            guard kinds.count == 1, let kindEntry = kinds.first else {
                if kinds.isEmpty {
                    let guess = entries.lazy.compactMap { Suggestion.nearest(to: $0.key, in: PipelineFile.kinds) }.first
                    reader.fail(line, "a step needs one of \(PipelineFile.kinds.joined(separator: ", "))", suggestion: guess)
                } else {
                    reader.fail(line, "a step has one kind, this one has \(kinds.map(\.key).joined(separator: " and "))")
                }
                return nil
            }
            let kind = kindEntry.key
            let idEntry = entries.first { $0.key == "id" }
            let id = idEntry.flatMap { reader.string($0) } ?? defaultID(kind: kind, entry: kindEntry)
            reader.step = id
            // The id is a component of its agents' paths.
            if let idEntry, !PlainName.isPlain(id) {
                reader.fail(idEntry.line, field: "id", PlainName.problem(id, what: "step id"))
                return nil
            }
            let allowed = allowedKeys(kind: kind, function: kind == "call" ? kindEntry.value.scalar?.string : nil)
            var byKey: [String: YAMLReader.Entry] = [:]
            for entry in entries {
                if let allowed, !allowed.contains(entry.key) {
                    reader.fail(entry.line, field: entry.key, "unknown key for a \(kind) step; expected one of \(allowed.joined(separator: ", "))",
                                suggestion: Suggestion.nearest(to: entry.key, in: allowed))
                } else {
                    byKey[entry.key] = entry
                }
            }
            guard let stepKind = read(kind: kind, entry: kindEntry, byKey, line: line) else { return nil }
            let step = PipelineStep(id: id, line: line, kind: stepKind)
            defined.formUnion(Self.outputs(of: step))
            return step
        }

        func defaultID(kind: String, entry: YAMLReader.Entry) -> String {
            switch kind {
            case "agent", "call": entry.value.scalar?.string ?? kind
            default: kind
            }
        }

        func allowedKeys(kind: String, function: String?) -> [String]? {
            switch kind {
            case "agent": ["agent"] + PipelineFile.common + PipelineFile.asking
            case "map": ["map", "over", "as", "max_concurrent"] + PipelineFile.common + PipelineFile.asking.filter { $0 != "input" }
            case "reduce": ["reduce", "over", "fan_in", "level_words", "each"] + PipelineFile.common + PipelineFile.asking.filter { $0 != "input" && $0 != "prompt" }
            case "market": ["market", "policy", "budget", "seed", "deadline"] + PipelineFile.common + PipelineFile.asking
            case "loop": ["loop", "id", "max", "until"]
            case "sequence", "parallel": [kind, "id"]
            default:
                // A call's keys are its function's arguments; an unknown function is reported on its own.
                functions.first { $0.name == function }.map { ["call"] + PipelineFile.common + $0.arguments.map(\.name) }
            }
        }
    }
}
