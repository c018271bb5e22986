import AgoraCore
import AgoraTools

/// json mode's protocol: how an agent's tools become a prompt and a JSON Schema, and how a reply becomes a tool
/// call or an answer. For models whose chat template has no tool support (llama.cpp then ignores `tools`) but whose
/// server constrains decoding to a schema: the reply is then always one of the shapes below.
///
/// ```
/// {"action": "word_count", "arguments": {"text": "river copper lantern"}}
/// {"action": "final_answer", "answer": "The text has 3 words."}
/// ```
///
/// Every branch begins with `"action"`, so the first choice the model makes is a tool's name among a closed set (and
/// the keys sort in the order they are written: the wire sorts keys, and the server's grammar follows that order).
/// The answer is named `final_answer`, not `answer`: measured on SmolLM2-135M, the plain word pulls a small model to
/// answer at once (4 of 10 questions routed right against 6 of 10, and 5 of 5 word counts against 1 of 5).
public enum JSONToolCalls {
    /// The name of the answer choice.
    public static let answerName = "final_answer"
    public static let schemaName = "agent_turn"

    /// What a reply said.
    public enum Reply: Sendable, Hashable {
        case call(name: String, arguments: JSONValue)
        case answer(String)
    }

    /// What a turn may reply.
    public enum Choices: Sendable, Hashable {
        /// A call of any of the tools, or the final answer.
        case toolsOrAnswer
        /// Only the final answer (after a repeated call).
        case answerOnly
        /// Only a call of this tool (the first turn of a routed task; see `ToolRouter`).
        case call(String)
    }

    /// A `oneOf` with a branch per tool (its name as a constant and its own argument schema) and the answer's branch;
    /// fewer branches as `choices` says.
    public static func schema(for specs: [ToolSpec], choices: Choices = .toolsOrAnswer) -> JSONValue {
        let offered: [ToolSpec]
        switch choices {
        case .toolsOrAnswer: offered = specs
        case .answerOnly: offered = []
        case .call(let name): offered = specs.filter { $0.name == name }
        }
        var branches: [JSONValue] = offered.map { spec in
            [
                "type": "object",
                "properties": ["action": ["const": .string(spec.name)], "arguments": argumentSchema(spec.inputSchema)],
                "required": ["action", "arguments"],
                "additionalProperties": false,
            ]
        }
        if case .call = choices, !branches.isEmpty {} else {
            branches.append([
                "type": "object",
                "properties": ["action": ["const": .string(answerName)], "answer": ["type": "string"]],
                "required": ["action", "answer"],
                "additionalProperties": false,
            ])
        }
        return branches.count == 1 ? branches[0] : ["oneOf": .array(branches)]
    }

    /// The response format of a turn.
    public static func responseFormat(for specs: [ToolSpec], choices: Choices = .toolsOrAnswer) -> ResponseFormat {
        .jsonSchema(name: schemaName, schema: schema(for: specs, choices: choices))
    }

    /// The part of the system prompt that lists the tools compactly and shows a call (of `example`, when given:
    /// the routed tool) and an answer.
    public static func instructions(for specs: [ToolSpec], example: String? = nil) -> String {
        var lines = ["Reply with one JSON object and nothing else: a call of one tool, or your final answer.", "", "Tools:"]
        for spec in specs {
            let properties = offeredProperties(of: spec.inputSchema, in: spec.inputSchema["properties"]?.objectValue ?? [:])
            let arguments = properties.keys.sorted().map { "\($0): \(properties[$0]?["type"]?.stringValue ?? "any")" }
            lines.append("- \(spec.name)(\(arguments.joined(separator: ", "))): \(spec.description)")
        }
        lines.append("")
        // The example is a tool that takes arguments: a small model copies the example's tool when it has none.
        let chosen = example.flatMap { name in specs.first { $0.name == name } }
        if let first = chosen ?? specs.first(where: { !($0.inputSchema["properties"]?.objectValue ?? [:]).isEmpty }) ?? specs.first {
            let properties = offeredProperties(of: first.inputSchema, in: first.inputSchema["properties"]?.objectValue ?? [:])
            let example = JSONValue.object(properties.mapValues { .string(placeholder(for: $0)) })
            lines.append(#"To call a tool: {"action": "\#(first.name)", "arguments": \#(example.compactJSON)}"#)
        }
        lines.append(#"To give your final answer: {"action": "\#(answerName)", "answer": "<your answer>"}"#)
        return lines.joined(separator: "\n")
    }

    /// Reads a reply. Accepts `{"answer": ...}` without `action`, and `tool` for `action` (a server that ignores the
    /// schema may write either).
    /// Throws a message the model can act on.
    public static func decode(_ text: String, toolNames: Set<String>) throws(JSONToolCallError) -> Reply {
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let value = try? JSONValue.parse(body) else {
            throw JSONToolCallError(body.isEmpty ? "the reply was empty" : "the reply was not one JSON object")
        }
        guard case .object(let fields) = value else { throw JSONToolCallError("the reply was JSON but not an object") }
        let tool = (fields["action"] ?? fields["tool"])?.stringValue
        if tool == answerName || (tool == nil && fields["answer"] != nil) {
            guard let answer = fields["answer"]?.stringValue else {
                throw JSONToolCallError(#"a final answer needs "answer" as a string"#)
            }
            if isPlaceholder(answer) { throw JSONToolCallError(#""answer" is the example's placeholder; write your real answer"#) }
            return .answer(answer)
        }
        guard let tool else { throw JSONToolCallError(#"the object has no "action""#) }
        guard toolNames.contains(tool) else {
            throw JSONToolCallError("there is no tool named '\(tool)'; tools: \((toolNames.sorted() + [answerName]).joined(separator: ", "))")
        }
        let arguments = fields["arguments"] ?? [:]
        guard case .object(let values) = arguments else { throw JSONToolCallError(#""arguments" must be an object"#) }
        // A small model copies the prompt's example: a value like "<plain words to search for>" is its placeholder.
        if let copied = values.keys.sorted().first(where: { values[$0]?.stringValue.map(isPlaceholder) ?? false }) {
            throw JSONToolCallError(#""\#(copied)" is the example's placeholder; write the real value"#)
        }
        return .call(name: tool, arguments: arguments)
    }

    /// `<your answer>`, `<the text to count>`: the prompt's example values, which a small model copies.
    static func isPlaceholder(_ value: String) -> Bool {
        value.hasPrefix("<") && value.hasSuffix(">") && value.count > 2 && !value.dropFirst().dropLast().contains("<")
    }

    /// An argument schema as the grammar should see it: an object schema always (a tool with no declared
    /// properties takes `{}`).
    /// Only the required arguments are offered, when a tool has any: measured on SmolLM2-135M, a small model fills
    /// optional ones with junk (`"budget_share": 10` against a maximum of 1, `"k": 10` for a single fact), and the
    /// call then fails validation.
    static func argumentSchema(_ schema: JSONValue) -> JSONValue {
        guard case .object(var fields) = schema else { return ["type": "object"] }
        if fields["type"] == nil { fields["type"] = "object" }
        fields["properties"] = fields["properties"].map { .object(offeredProperties(of: schema, in: $0.objectValue ?? [:])) }
        return .object(fields)
    }

    /// A tool's properties as json mode offers them: the required ones, or all when none is required.
    static func offeredProperties(of schema: JSONValue, in properties: [String: JSONValue]) -> [String: JSONValue] {
        let required = Set((schema["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        return required.isEmpty ? properties : properties.filter { required.contains($0.key) }
    }

    /// `<the text to count>` from a property's description when it is short, else `<name>`.
    static func placeholder(for property: JSONValue) -> String {
        var description = property["description"]?.stringValue ?? ""
        while description.hasSuffix(".") { description.removeLast() }
        guard !description.isEmpty, description.count <= 40 else { return "<\(property["type"]?.stringValue ?? "value")>" }
        return "<\(description.prefix(1).lowercased() + description.dropFirst())>"
    }
}

/// Why a json-mode reply could not be read, worded for the model, which gets it back once to fix.
public struct JSONToolCallError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}
