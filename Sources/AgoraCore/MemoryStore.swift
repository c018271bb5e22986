import Foundation

/// Long-term memory: what a swarm has learned, kept across runs and found again by full-text search.
///
/// ```swift
/// let id = try await store.remember("The budget meeting moved to Friday.", tags: ["meetings"])
/// let hits = try await store.recall("budget meeting", k: 5)
/// ```
///
/// Implementation requirements: be safe to call from many agents at once. `recall` returns at most `k` entries,
/// best first, each with a `score` (higher is better); a query is plain words, never a query language, so any text
/// a user or a model types (quotes, `AND`, `-x`, `*`) is safe. `forget` returns how many entries it removed.
public protocol MemoryStore: Sendable {
    /// Stores `text` and returns the new entry's id.
    func remember(_ text: String, tags: [String], namespace: String, provenance: MemoryProvenance) async throws -> MemoryEntry.ID
    /// The `k` entries that match `query` best, optionally only in `namespace` and only those carrying every tag in `tags`.
    func recall(_ query: String, k: Int, namespace: String?, tags: [String]) async throws -> [MemoryEntry]
    /// Removes the entries that match `filter`; returns how many.
    @discardableResult
    func forget(_ filter: MemoryFilter) async throws -> Int
    /// The newest entries first, optionally only in `namespace`.
    func list(namespace: String?, limit: Int) async throws -> [MemoryEntry]
}

extension MemoryStore {
    /// Stores `text` in the default namespace with no provenance but the time.
    @discardableResult
    public func remember(_ text: String, tags: [String] = [], namespace: String = MemoryEntry.defaultNamespace) async throws -> MemoryEntry.ID {
        try await remember(text, tags: tags, namespace: namespace, provenance: MemoryProvenance())
    }

    public func recall(_ query: String, k: Int = 5, namespace: String? = nil) async throws -> [MemoryEntry] {
        try await recall(query, k: k, namespace: namespace, tags: [])
    }

    @discardableResult
    public func forget(id: MemoryEntry.ID) async throws -> Int {
        try await forget(MemoryFilter(ids: [id]))
    }
}

/// One remembered text and where it came from.
public struct MemoryEntry: Sendable, Hashable, Codable, Identifiable {
    public typealias ID = Int64
    public static let defaultNamespace = "default"

    public var id: ID
    public var text: String
    public var tags: [String]
    public var namespace: String
    /// The run that remembered it, if any.
    public var runID: String?
    /// The agent that remembered it, if any.
    public var agentPath: AgentPath?
    public var created: Date
    /// Relevance to the query of a `recall`, higher is better; nil outside recall results.
    public var score: Double?

    public init(
        id: ID, text: String, tags: [String] = [], namespace: String = MemoryEntry.defaultNamespace,
        runID: String? = nil, agentPath: AgentPath? = nil, created: Date = Date(), score: Double? = nil
    ) {
        self.id = id
        self.text = text
        self.tags = tags
        self.namespace = namespace
        self.runID = runID
        self.agentPath = agentPath
        self.created = created
        self.score = score
    }
}

/// Who remembered an entry, and when.
public struct MemoryProvenance: Sendable, Hashable, Codable {
    public var runID: String?
    public var agentPath: AgentPath?
    public var created: Date

    public init(runID: String? = nil, agentPath: AgentPath? = nil, created: Date = Date()) {
        self.runID = runID
        self.agentPath = agentPath
        self.created = created
    }
}

/// Which entries `forget` removes: those matching every criterion that is set. `MemoryFilter()` matches all entries.
public struct MemoryFilter: Sendable, Hashable {
    public var ids: [MemoryEntry.ID]?
    public var namespace: String?
    /// Entries carrying every one of these tags.
    public var tags: [String]
    public var runID: String?

    public init(ids: [MemoryEntry.ID]? = nil, namespace: String? = nil, tags: [String] = [], runID: String? = nil) {
        self.ids = ids
        self.namespace = namespace
        self.tags = tags
        self.runID = runID
    }
}
