import AgoraCore

/// A child to spawn: its name (the last component of its path), its definition, how it is supervised, and
/// its body.
public struct ChildAgent<Result: Sendable>: Sendable {
    public var name: String
    public var definition: AgentDefinition?
    /// The child's own time limit; it never outlives its parent's deadline either way.
    public var timeout: Duration?
    /// A budget the child takes out of its parent's remaining budget; nil shares the parent's.
    public var budget: Budget?
    public var restart: RestartPolicy
    /// Set by `journaled(key:)`: the child's result is recorded in, and replayed from, the run journal.
    public var journal: JournalCodec<Result>?
    public var body: @Sendable (AgentContext) async throws -> Result

    public init(
        _ name: String,
        definition: AgentDefinition? = nil,
        timeout: Duration? = nil,
        budget: Budget? = nil,
        restart: RestartPolicy = .never,
        body: @escaping @Sendable (AgentContext) async throws -> Result
    ) {
        self.name = name
        self.definition = definition
        self.timeout = timeout ?? definition?.timeout.map { .milliseconds(Int64($0 * 1000)) }
        self.budget = budget ?? definition?.budget.map { Budget(credits: $0) }
        self.restart = restart
        self.journal = nil
        self.body = body
    }
}
