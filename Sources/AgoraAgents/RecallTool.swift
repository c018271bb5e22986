import AgoraCore
import AgoraRuntime

/// `recall`: full-text search of long-term memory, best match first.
public struct RecallTool: AgentTool {
    public let store: any MemoryStore
    public let namespace: String?

    /// - Parameter namespace: searched when the agent's definition names none; nil searches every namespace.
    public init(store: any MemoryStore, namespace: String? = nil) {
        self.store = store
        self.namespace = namespace
    }

    public let spec = ToolSpec(
        name: "recall",
        description: "Search long-term memory with plain words; returns the best matching notes first.",
        inputSchema: [
            "type": "object",
            "properties": [
                "query": ["type": "string", "minLength": 1, "description": "Plain words to search for."],
                "k": ["type": "integer", "minimum": 1, "maximum": 50, "description": "How many notes at most (default 5)."],
            ],
            "required": ["query"],
            "additionalProperties": false,
        ]
    )

    public func call(arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput {
        try await search(arguments, namespace: invocation.context.definition?.memory ?? namespace)
    }

    public func call(arguments: JSONValue) async throws -> ToolOutput {
        try await search(arguments, namespace: namespace)
    }

    private func search(_ arguments: JSONValue, namespace: String?) async throws -> ToolOutput {
        let k = Int(arguments["k"]?.numberValue ?? 5)
        let entries = try await store.recall(arguments["query"]?.stringValue ?? "", k: k, namespace: namespace, tags: [])
        return .json(.array(entries.map { entry in
            var object: [String: JSONValue] = ["id": .number(Double(entry.id)), "text": .string(entry.text)]
            if !entry.tags.isEmpty { object["tags"] = .array(entry.tags.map(JSONValue.string)) }
            return .object(object)
        }))
    }
}
