/// One message of a conversation with a model, in the shape every chat API shares.
public struct Message: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable {
        case system, user, assistant, tool
    }

    public var role: Role
    public var content: String
    /// Tool calls an assistant message asked for.
    public var toolCalls: [ToolCall]
    /// For a `.tool` message: the id of the call it answers.
    public var toolCallID: String?

    public init(role: Role, content: String, toolCalls: [ToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    public static func system(_ content: String) -> Message { Message(role: .system, content: content) }
    public static func user(_ content: String) -> Message { Message(role: .user, content: content) }
    public static func assistant(_ content: String, toolCalls: [ToolCall] = []) -> Message {
        Message(role: .assistant, content: content, toolCalls: toolCalls)
    }
    public static func tool(_ content: String, callID: String) -> Message {
        Message(role: .tool, content: content, toolCallID: callID)
    }
}

/// A model's request to run a tool. `arguments` is the JSON text the model wrote, unparsed: validating it is the
/// tool layer's job, and a model that writes bad JSON must get that back as a tool error.
public struct ToolCall: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
