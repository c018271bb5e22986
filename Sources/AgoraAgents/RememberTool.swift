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
