import AgoraCore
import AgoraTools
import Testing

@Suite struct JSONSchemaTests {
    let schema: JSONValue = [
        "type": "object",
        "properties": [
            "name": ["type": "string", "minLength": 2, "maxLength": 5],
            "count": ["type": "integer", "minimum": 1, "maximum": 10],
            "mode": ["type": "string", "enum": ["fast", "slow"]],
            "tags": ["type": "array", "items": ["type": "string"]],
            "nested": ["type": "object", "properties": ["ok": ["type": "boolean"]], "required": ["ok"]],
        ],
        "required": ["name"],
        "additionalProperties": false,
    ]

    @Test func aConformingValueHasNoViolations() {
        let value: JSONValue = ["name": "abc", "count": 3, "mode": "fast", "tags": ["x"], "nested": ["ok": true]]
        #expect(JSONSchema.violations(of: value, against: schema).isEmpty)
    }

    @Test func everyRuleIsChecked() {
        let value: JSONValue = ["count": 2.5, "mode": "medium", "tags": ["x", 3], "nested": [:], "extra": 1]
        let problems = JSONSchema.violations(of: value, against: schema)
        #expect(problems.contains("$: missing required property 'name'"))
        #expect(problems.contains { $0.hasPrefix("$.count: expected integer, got a number (2.5)") })
        #expect(problems.contains { $0.hasPrefix("$.mode: a string (\"medium\") is not one of \"fast\", \"slow\"") })
        #expect(problems.contains { $0.hasPrefix("$.tags[1]: expected string") })
        #expect(problems.contains("$.nested: missing required property 'ok'"))
        #expect(problems.contains { $0.hasPrefix("$: unexpected property 'extra'") })
        #expect(problems.count == 6)
    }

    @Test func boundsAndLengths() {
        #expect(JSONSchema.violations(of: ["name": "a", "count": 0], against: schema) == [
            "$.count: 0 is less than the minimum 1",
            "$.name: the text is 1 characters long, shorter than minLength 2",
        ])
        #expect(JSONSchema.violations(of: ["name": "abcdef", "count": 11], against: schema) == [
            "$.count: 11 is more than the maximum 10",
            "$.name: the text is 6 characters long, longer than maxLength 5",
        ])
    }

    @Test func typeUnionsAndNonObjects() {
        #expect(JSONSchema.violations(of: nil, against: ["type": ["string", "null"]]).isEmpty)
        #expect(JSONSchema.violations(of: 3, against: ["type": "object"]) == ["$: expected object, got an integer (3)"])
        #expect(JSONSchema.violations(of: ["a": 1], against: ["type": "object", "additionalProperties": ["type": "string"]])
            == ["$.a: expected string, got an integer (1)"])
    }
}
