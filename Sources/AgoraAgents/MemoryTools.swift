import AgoraCore
import AgoraRuntime

/// `remember`: stores a note in long-term memory, with the calling agent's run and path as provenance.
public struct RememberTool: AgentTool {
    public let store: any MemoryStore
    /// The namespace used when the agent's definition names none.
    public let namespace: String

    public init(store: any MemoryStore, namespace: String = MemoryEntry.defaultNamespace) {
        self.store = store
        self.namespace = namespace
    }

    public let spec = ToolSpec(
        name: "remember",
        description: "Store a fact or note in long-term memory so that later runs can recall it.",
        inputSchema: [
            "type": "object",
            "properties": [
                "text": ["type": "string", "minLength": 1, "description": "What to remember."],
                "tags": ["type": "array", "items": ["type": "string"], "description": "Optional tags."],
            ],
            "required": ["text"],
            "additionalProperties": false,
        ]
    )

    public func call(arguments: JSONValue, invocation: ToolInvocation) async throws -> ToolOutput {
        let context = invocation.context
        return try await remember(
            arguments, namespace: context.definition?.memory ?? namespace,
            provenance: MemoryProvenance(runID: context.runID, agentPath: context.path)
        )
    }

    /// Outside a swarm: no provenance but the time.
    public func call(arguments: JSONValue) async throws -> ToolOutput {
        try await remember(arguments, namespace: namespace, provenance: MemoryProvenance())
    }

    private func remember(_ arguments: JSONValue, namespace: String, provenance: MemoryProvenance) async throws -> ToolOutput {
        let id = try await store.remember(arguments["text"]?.stringValue ?? "", tags: Self.tags(arguments), namespace: namespace, provenance: provenance)
        return .json(["remembered": .number(Double(id))])
    }

    static func tags(_ arguments: JSONValue) -> [String] {
        if case .array(let tags)? = arguments["tags"] { return tags.compactMap(\.stringValue) }
        return []
    }
}

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
