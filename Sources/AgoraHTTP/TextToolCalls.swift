import AgoraCore
import Foundation

/// Local models often write a tool call as JSON in their text instead of using `tool_calls`. This recognises the
/// usual forms when the whole answer is such a call (optionally in a ```json fence or `<tool_call>` tags):
///
/// ```
/// {"name": "search", "arguments": {"query": "swift"}}
/// {"tool_call": {"name": "search", "parameters": {...}}}
/// {"function": {"name": "search", "arguments": "{\"query\":\"swift\"}"}}
/// [{"name": "a", "arguments": {}}, {"name": "b", "arguments": {}}]
/// ```
///
/// Only names of tools the request offered count: prose that happens to be JSON stays text.
public enum TextToolCalls {
    public static func parse(_ text: String, toolNames: Set<String>) -> [ToolCall] {
        guard !toolNames.isEmpty else { return [] }
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard body.count >= 2 else { return [] }
        body = unwrap(body)
        guard let first = body.first, first == "{" || first == "[",
            let value = try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))
        else { return [] }
        let objects: [JSONValue]
        if case .array(let items) = value { objects = items } else { objects = [value] }
        var calls: [ToolCall] = []
        for (index, object) in objects.enumerated() {
            guard let call = call(from: object, index: index), toolNames.contains(call.name) else { return [] }
            calls.append(call)
        }
        return calls
    }

    private static func unwrap(_ text: String) -> String {
        var body = text
        if body.hasPrefix("```") {
            body = String(body.drop(while: { $0 != "\n" }))
            if body.hasSuffix("```") { body = String(body.dropLast(3)) }
        }
        for (open, close) in [("<tool_call>", "</tool_call>"), ("<function_call>", "</function_call>")] {
            if body.hasPrefix(open) {
                body = String(body.dropFirst(open.count))
                if let end = body.range(of: close, options: .backwards) { body = String(body[..<end.lowerBound]) }
            }
        }
        return body.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func call(from value: JSONValue, index: Int) -> ToolCall? {
        for key in ["tool_call", "function_call", "function"] {
            if let inner = value[key], case .object = inner, let call = call(from: inner, index: index) {
                return call
            }
        }
        guard let name = (value["name"] ?? value["tool"])?.stringValue else { return nil }
        let arguments: String
        switch value["arguments"] ?? value["parameters"] ?? value["args"] ?? value["input"] {
        case .string(let text)?: arguments = text
        case let other?: arguments = other.compactJSON
        case nil: arguments = "{}"
        }
        return ToolCall(id: "call_text_\(index)", name: name, arguments: arguments)
    }
}
