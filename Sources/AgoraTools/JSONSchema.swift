import AgoraCore

/// Checks a JSON value against the subset of JSON Schema that tool schemas use: `type`, `properties`, `required`,
/// `enum`, `items`, `minimum`/`maximum`, `minLength`/`maxLength` and `additionalProperties`.
///
/// ```swift
/// let schema: JSONValue = ["type": "object", "properties": ["n": ["type": "integer", "minimum": 1]], "required": ["n"]]
/// JSONSchema.violations(of: ["n": 0], against: schema)  // ["$.n: 0 is less than the minimum 1"]
/// ```
///
/// Unknown keywords are ignored, so a richer schema still validates what it can. Messages name the offending
/// location (`$.items[2].name`) and are written for a model to read and fix its call.
public enum JSONSchema {
    /// Every way `value` breaks `schema`; empty when it conforms.
    public static func violations(of value: JSONValue, against schema: JSONValue) -> [String] {
        var problems: [String] = []
        check(value, schema, at: "$", into: &problems)
        return problems
    }

    private static func check(_ value: JSONValue, _ schema: JSONValue, at path: String, into problems: inout [String]) {
        guard case .object(let rules) = schema else { return }
        if let type = rules["type"] {
            let allowed: [String] = switch type {
            case .string(let name): [name]
            case .array(let names): names.compactMap(\.stringValue)
            default: []
            }
            if !allowed.isEmpty, !allowed.contains(where: { matches(value, type: $0) }) {
                problems.append("\(path): expected \(allowed.joined(separator: " or ")), got \(describe(value))")
                return
            }
        }
        if case .array(let options)? = rules["enum"], !options.contains(value) {
            problems.append("\(path): \(describe(value)) is not one of \(options.map(render).joined(separator: ", "))")
        }
        switch value {
        case .number(let number):
            if let minimum = rules["minimum"]?.numberValue, number < minimum {
                problems.append("\(path): \(render(value)) is less than the minimum \(render(.number(minimum)))")
            }
            if let maximum = rules["maximum"]?.numberValue, number > maximum {
                problems.append("\(path): \(render(value)) is more than the maximum \(render(.number(maximum)))")
            }
        case .string(let text):
            let length = text.count
            if let minimum = rules["minLength"]?.numberValue, Double(length) < minimum {
                problems.append("\(path): the text is \(length) characters long, shorter than minLength \(Int(minimum))")
            }
            if let maximum = rules["maxLength"]?.numberValue, Double(length) > maximum {
                problems.append("\(path): the text is \(length) characters long, longer than maxLength \(Int(maximum))")
            }
        case .array(let elements):
            if let items = rules["items"] {
                for (index, element) in elements.enumerated() {
                    check(element, items, at: "\(path)[\(index)]", into: &problems)
                }
            }
        case .object(let members):
            let properties: [String: JSONValue] = if case .object(let properties)? = rules["properties"] { properties } else { [:] }
            if case .array(let required)? = rules["required"] {
                for name in required.compactMap(\.stringValue) where members[name] == nil {
                    problems.append("\(path): missing required property '\(name)'")
                }
            }
            for name in members.keys.sorted() {
                let member = members[name]!
                if let rule = properties[name] {
                    check(member, rule, at: "\(path).\(name)", into: &problems)
                    continue
                }
                switch rules["additionalProperties"] {
                case .bool(false)?:
                    let known = properties.keys.sorted()
                    problems.append("\(path): unexpected property '\(name)'" + (known.isEmpty ? "" : " (allowed: \(known.joined(separator: ", ")))"))
                case .object(let extra)?:
                    check(member, .object(extra), at: "\(path).\(name)", into: &problems)
                default: break
                }
            }
        case .null, .bool: break
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number):
            true
        case ("integer", .number(let number)):
            number.rounded() == number && number.isFinite
        default:
            false
        }
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean (\(render(value)))"
        case .number(let number): number.rounded() == number ? "an integer (\(render(value)))" : "a number (\(render(value)))"
        case .string: "a string (\(render(value)))"
        case .array: "an array"
        case .object: "an object"
        }
    }

    static func render(_ value: JSONValue) -> String {
        let text = value.compactJSON
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}
