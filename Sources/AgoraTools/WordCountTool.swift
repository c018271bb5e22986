import AgoraCore

/// `word_count`: words, characters, lines and sentences of a text.
public struct WordCountTool: Tool {
    public init() {}

    public let spec = ToolSpec(
        name: "word_count",
        description: "Count the words, characters, lines and sentences of a text.",
        inputSchema: [
            "type": "object",
            "properties": ["text": ["type": "string", "description": "The text to count."]],
            "required": ["text"],
            "additionalProperties": false,
        ]
    )

    public func call(arguments: JSONValue) async throws -> ToolOutput {
        let text = arguments["text"]?.stringValue ?? ""
        let words = text.split(whereSeparator: { $0.isWhitespace }).count
        let lines = text.isEmpty ? 0 : text.split(separator: "\n", omittingEmptySubsequences: false).count
        var sentences = 0
        var inSentence = false
        for character in text {
            if character == "." || character == "!" || character == "?" {
                if inSentence { sentences += 1 }
                inSentence = false
            } else if character.isLetter || character.isNumber {
                inSentence = true
            }
        }
        if inSentence { sentences += 1 }
        return .json(["words": .number(Double(words)), "characters": .number(Double(text.count)),
                      "lines": .number(Double(lines)), "sentences": .number(Double(sentences))])
    }
}
