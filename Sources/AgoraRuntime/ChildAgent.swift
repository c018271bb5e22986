import AgoraCore

/// A child to spawn: its name (the last component of its path), an optional definition, and its body.
public struct ChildAgent<Result: Sendable>: Sendable {
    public var name: String
    public var definition: AgentDefinition?
    public var body: @Sendable (AgentContext) async throws -> Result

    public init(
        _ name: String,
        definition: AgentDefinition? = nil,
        body: @escaping @Sendable (AgentContext) async throws -> Result
    ) {
        self.name = name
        self.definition = definition
        self.body = body
    }
}
