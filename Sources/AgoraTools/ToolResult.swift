import AgoraCore

/// One tool call's result as the model will read it.
public struct ToolResult: Sendable, Hashable, Codable {
    public var call: ToolCall
    /// The output as text (JSON compactly), or `error: ...`.
    public var text: String
    public var isError: Bool

    public init(call: ToolCall, output: ToolOutput) {
        self.call = call
        self.text = output.modelText
        self.isError = false
    }

    public init(call: ToolCall, error: String) {
        self.call = call
        self.text = "error: " + error
        self.isError = true
    }
}
