import AgoraCore

/// A child to spawn: its name (the last component of its path), its definition, how it is supervised, and
/// its body.
///
/// A fan-out copies each description into its child's task, so the description is kept small: the settings
/// most children never use (definition, timeout, budget, restart policy) live in one shared, immutable box.
public struct ChildAgent<Result: Sendable>: Sendable {
    public var name: String
    public var body: @Sendable (AgentContext) async throws -> Result
    /// Nil for a plain child.
    @usableFromInline var settings: AgentSettings?
    /// Set by `journaled(key:)`: the child's result is recorded in, and replayed from, the run journal.
    public var journal: JournalCodec<Result>?

    public init(
        _ name: String,
        definition: AgentDefinition? = nil,
        timeout: Duration? = nil,
        budget: Budget? = nil,
        restart: RestartPolicy = .never,
        body: @escaping @Sendable (AgentContext) async throws -> Result
    ) {
        self.name = name
        self.body = body
        self.journal = nil
        self.settings = AgentSettings.make(definition: definition, timeout: timeout, budget: budget, restart: restart)
    }

    public var definition: AgentDefinition? {
        get { settings?.definition }
        set { settings = AgentSettings.make(definition: newValue, timeout: timeout, budget: budget, restart: restart, derive: false) }
    }

    /// The child's own time limit; it never outlives its parent's deadline either way.
    public var timeout: Duration? {
        get { settings?.timeout }
        set { settings = AgentSettings.make(definition: definition, timeout: newValue, budget: budget, restart: restart, derive: false) }
    }

    /// A budget the child takes out of its parent's remaining budget; nil shares the parent's.
    public var budget: Budget? {
        get { settings?.budget }
        set { settings = AgentSettings.make(definition: definition, timeout: timeout, budget: newValue, restart: restart, derive: false) }
    }

    public var restart: RestartPolicy {
        get { settings?.restart ?? .never }
        set { settings = AgentSettings.make(definition: definition, timeout: timeout, budget: budget, restart: newValue, derive: false) }
    }
}

/// An agent's definition and supervision settings, shared by reference and never changed: a setter on
/// `ChildAgent` makes a new box.
@usableFromInline
final class AgentSettings: Sendable {
    let definition: AgentDefinition?
    @usableFromInline let timeout: Duration?
    let budget: Budget?
    let restart: RestartPolicy

    private init(definition: AgentDefinition?, timeout: Duration?, budget: Budget?, restart: RestartPolicy) {
        self.definition = definition
        self.timeout = timeout
        self.budget = budget
        self.restart = restart
    }

    /// The settings, or nil when every one is the default. With `derive`, a missing timeout or budget is taken
    /// from the definition's.
    static func make(definition: AgentDefinition?, timeout: Duration?, budget: Budget?, restart: RestartPolicy, derive: Bool = true) -> AgentSettings? {
        let timeout = timeout ?? (derive ? definition?.timeout : nil)
        let budget = budget ?? (derive ? definition?.budget.map { Budget(credits: $0) } : nil)
        if definition == nil, timeout == nil, budget == nil, restart == .never { return nil }
        return AgentSettings(definition: definition, timeout: timeout, budget: budget, restart: restart)
    }
}
