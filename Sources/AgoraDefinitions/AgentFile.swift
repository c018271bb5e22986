import AgoraCore
import Yams

/// Reads agent files: Markdown whose YAML front matter holds the fields of an `AgentDefinition` and whose body is
/// its instructions.
///
/// ```markdown
/// ---
/// name: critic
/// description: Reviews a draft.
/// prompt: |
///   Here is a draft: """{text}""" Review it.
/// backend: openai:llama3
/// tools: [recall, read_file]
/// needs_approval: [read_file]
/// tool_calls: json
/// max_turns: 4
/// ---
/// You review drafts. Answer APPROVED when nothing is left to fix.
/// ```
public enum AgentFile {
    /// The front matter keys, in the order they are documented.
    public static let keys = [
        "name", "description", "prompt", "backend", "tools", "needs_approval", "tool_calls", "max_turns", "budget", "memory", "timeout",
    ]

    /// Parses one agent file. Throws `DefinitionErrors` listing every mistake, each with `file:line` and field.
    /// - Parameter file: the name errors report (the path as the user gave it).
    public static func parse(_ text: String, file: String, vocabulary: DefinitionVocabulary = .standard) throws -> AgentDefinition {
        // "\r\n" is one Character in Swift, not a "\n": split on either, so a file saved on Windows reads the same.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard lines.first == "---", let close = lines.dropFirst().firstIndex(of: "---") else {
            throw DefinitionErrors([DefinitionError(file: file, line: 1, message: "an agent file must start with a front matter block between two '---' lines")])
        }
        let frontMatter = lines[1..<close].joined(separator: "\n")
        let body = lines[(close + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let reader = YAMLReader(file: file, lineOffset: 1)
        let definition = frontMatter.allSatisfy(\.isWhitespace)
            ? nil
            : reader.compose(frontMatter).flatMap { read($0, instructions: body, reader: reader, vocabulary: vocabulary, line: 1) }
        if frontMatter.allSatisfy(\.isWhitespace) {
            reader.fail(1, field: "name", "missing: every agent needs a name")
        }
        guard reader.errors.isEmpty, let definition else { throw DefinitionErrors(reader.errors) }
        return definition
    }

    /// Reads the fields of a definition from a mapping (an agent file's front matter or a pipeline's inline
    /// `agents:` entry, which may also carry `instructions`).
    static func read(_ node: Node, instructions: String?, reader: YAMLReader, vocabulary: DefinitionVocabulary, line: Int) -> AgentDefinition? {
        let allowed = instructions == nil ? keys + ["instructions"] : keys
        guard let entries = reader.entries(node, what: "the agent's fields", allowed: allowed) else { return nil }
        var definition = AgentDefinition(name: "", instructions: instructions ?? "")
        var named = false
        var approvalLine: Int?
        for entry in entries {
            switch entry.key {
            case "name":
                if let name = reader.string(entry) {
                    if !PlainName.isPlain(name) {
                        reader.fail(entry.line, field: "name", "'\(name)' is not a usable agent name (no spaces or slashes, not '.' or '..')")
                    }
                    definition.name = name
                    named = true
                }
            case "description": definition.description = reader.string(entry) ?? ""
            case "prompt":
                guard let prompt = reader.string(entry) else { continue }
                if !prompt.contains("{text}") {
                    reader.fail(entry.line, field: "prompt", "must contain {text}, where the agent's input goes")
                }
                definition.prompt = prompt.trimmingCharacters(in: .whitespacesAndNewlines)
            case "instructions": definition.instructions = (reader.string(entry) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            case "backend":
                guard let backend = reader.string(entry) else { continue }
                if vocabulary.knowsBackend(backend) {
                    definition.backend = backend
                } else {
                    reader.fail(entry.line, field: "backend", "unknown back end '\(backend)'; known: \(vocabulary.backends.joined(separator: ", "))",
                                suggestion: vocabulary.suggestBackend(for: backend))
                }
            case "tools":
                guard let tools = reader.strings(entry) else { continue }
                for tool in tools where !vocabulary.tools.contains(tool) {
                    reader.fail(entry.line, field: "tools", "unknown tool '\(tool)'; known: \(vocabulary.tools.joined(separator: ", "))",
                                suggestion: Suggestion.nearest(to: tool, in: vocabulary.tools))
                }
                definition.tools = tools
            case "needs_approval":
                // Checked against the agent's own tools after the loop (they may come later in the file), which are
                // checked against the vocabulary: a second vocabulary check here would only repeat it.
                guard let names = reader.strings(entry) else { continue }
                definition.needsApproval = names
                approvalLine = entry.line
            case "tool_calls":
                guard let text = reader.string(entry) else { continue }
                if let mode = ToolCallMode(rawValue: text) {
                    definition.toolCalls = mode
                } else {
                    let modes = ToolCallMode.allCases.map(\.rawValue)
                    reader.fail(entry.line, field: "tool_calls", "unknown mode '\(text)'; use one of \(modes.joined(separator: ", "))",
                                suggestion: Suggestion.nearest(to: text, in: modes))
                }
            case "max_turns": definition.maxTurns = reader.int(entry)
            case "budget": definition.budget = reader.number(entry).map { Credits($0) }
            case "memory": definition.memory = reader.string(entry)
            case "timeout": definition.timeout = reader.number(entry).map { Duration.seconds($0) }
            default: break
            }
        }
        if !named { reader.fail(line, field: "name", "missing: every agent needs a name") }
        if let approvalLine {
            for name in definition.needsApproval where !definition.tools.contains(name) {
                reader.fail(approvalLine, field: "needs_approval", "'\(name)' is not one of the agent's tools (\(definition.tools.joined(separator: ", ")))",
                            suggestion: Suggestion.nearest(to: name, in: definition.tools))
            }
        }
        return definition
    }
}

extension String {
    func trimmingCharacters(in set: CharacterClass) -> String {
        var slice = self[...]
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }

    enum CharacterClass {
        case whitespacesAndNewlines
        func contains(_ character: Character) -> Bool { character.isWhitespace }
    }
}
