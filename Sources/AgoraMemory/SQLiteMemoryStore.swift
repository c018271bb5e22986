import AgoraCore
import Foundation
import GRDB

/// Long-term memory in an SQLite workspace file: FTS5 full-text search with BM25 ranking.
///
/// ```swift
/// let store = try SQLiteMemoryStore(path: ".agora/memory.sqlite")
/// try await store.remember("Quarterly budget approved", tags: ["finance"], namespace: "meetings")
/// for hit in try await store.recall("budget", k: 3) { print(hit.score!, hit.text) }
/// ```
///
/// Entries live in a plain table; an external-content FTS5 index over their text is kept in sync by triggers, so
/// every write path (this type, the CLI, a SQL shell) keeps the index right. Tags are rows of their own, indexed.
public final class SQLiteMemoryStore: MemoryStore {
    public let workspace: SQLiteWorkspace
    /// Recall ranks every matching entry by BM25 while the query's words occur in at most this many entries together;
    /// beyond that it bounds the work (see `docs/memory.md`, "Recall at scale"), so recall stays fast at a million entries.
    public let exactRankingLimit: Int

    public init(workspace: SQLiteWorkspace, exactRankingLimit: Int = 1_000) {
        self.workspace = workspace
        self.exactRankingLimit = exactRankingLimit
    }

    /// Opens or creates the workspace file at `path`; see ``SQLiteWorkspace/init(path:busyTimeout:maxPageCount:)``.
    public convenience init(path: String = SQLiteWorkspace.defaultPath) throws {
        self.init(workspace: try SQLiteWorkspace(path: path))
    }

    public func remember(_ text: String, tags: [String], namespace: String, provenance: MemoryProvenance) async throws -> MemoryEntry.ID {
        let draft = MemoryDraft(text: text, tags: tags, namespace: namespace, provenance: provenance)
        return try await workspace.write { db in try Self.insert(draft, db) }
    }

    /// Stores many entries in one transaction (all or none) with prepared statements; returns their ids.
    @discardableResult
    public func rememberAll(_ drafts: [MemoryDraft]) async throws -> [MemoryEntry.ID] {
        try await workspace.write { db in try drafts.map { try Self.insert($0, db) } }
    }

    /// Stores `count` entries made by `make(0..<count)` in one transaction, without holding them all in memory.
    public func rememberAll(count: Int, _ make: @escaping @Sendable (Int) -> MemoryDraft) async throws {
        try await workspace.write { db in
            for index in 0..<count { _ = try Self.insert(make(index), db) }
        }
    }

    public func recall(_ query: String, k: Int, namespace: String?, tags: [String]) async throws -> [MemoryEntry] {
        let query = FullTextQuery(query)
        guard !query.isEmpty, k > 0 else { return [] }
        let filter = RecallFilter(namespace: namespace, tags: Self.normalized(tags))
        let limit = exactRankingLimit
        return try await workspace.read { db in try Self.recall(query, k: k, filter: filter, exactRankingLimit: limit, db) }
    }

    @discardableResult
    public func forget(_ filter: MemoryFilter) async throws -> Int {
        var sql = "DELETE FROM memory AS m WHERE 1"
        var arguments = StatementArguments()
        if let ids = filter.ids {
            guard !ids.isEmpty else { return 0 }
            sql += " AND m.id IN (\(databaseQuestionMarks(count: ids.count)))"
            arguments += StatementArguments(ids)
        }
        if let runID = filter.runID {
            sql += " AND m.run_id = ?"
            arguments += [runID]
        }
        Self.appendFilters(namespace: filter.namespace, tags: Self.normalized(filter.tags), to: &sql, &arguments)
        let (statement, statementArguments) = (sql, arguments)
        return try await workspace.write { db in
            try db.execute(sql: statement, arguments: statementArguments)
            return db.changesCount
        }
    }

    public func list(namespace: String?, limit: Int) async throws -> [MemoryEntry] {
        try await entries(namespace: namespace, limit: limit)
    }

    /// The newest entries first; `limit: nil` for all of them.
    public func entries(namespace: String? = nil, limit: Int? = nil) async throws -> [MemoryEntry] {
        var sql = "SELECT \(Self.entryColumns), NULL AS score FROM memory m WHERE 1"
        var arguments = StatementArguments()
        Self.appendFilters(namespace: namespace, tags: [], to: &sql, &arguments)
        sql += " ORDER BY m.id DESC LIMIT ?"
        arguments += [limit ?? -1]
        let (statement, statementArguments) = (sql, arguments)
        return try await workspace.read { db in
            try Row.fetchAll(db, sql: statement, arguments: statementArguments).map(Self.entry)
        }
    }

    /// Calls `body` with every entry, oldest first, reading in pages so memory stays flat (used by export).
    public func forEachEntry(namespace: String? = nil, pageSize: Int = 1000, _ body: (MemoryEntry) throws -> Void) async throws {
        var sql = "SELECT \(Self.entryColumns), NULL AS score FROM memory m WHERE m.id > ?"
        var filterArguments = StatementArguments()
        Self.appendFilters(namespace: namespace, tags: [], to: &sql, &filterArguments)
        sql += " ORDER BY m.id LIMIT ?"
        let statement = sql
        var after: MemoryEntry.ID = 0
        while true {
            let arguments: StatementArguments = [after] + filterArguments + [pageSize]
            let page = try await workspace.read { db in
                try Row.fetchAll(db, sql: statement, arguments: arguments).map(Self.entry)
            }
            for entry in page { try body(entry) }
            guard let last = page.last, page.count == pageSize else { return }
            after = last.id
        }
    }

    /// How many entries there are, optionally in one namespace.
    public func count(namespace: String? = nil) async throws -> Int {
        try await workspace.read { db in
            if let namespace {
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM memory WHERE namespace = ?", arguments: [namespace]) ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM memory") ?? 0
        }
    }

    /// Merges the full-text index into one b-tree: worth it after a bulk load, makes recall faster.
    public func optimize() async throws {
        try await workspace.write { db in
            try db.execute(sql: "INSERT INTO memory_fts(memory_fts) VALUES ('optimize')")
        }
    }

    // MARK: - SQL helpers

    /// The columns `entry(_:)` reads, besides `score`, from `memory` aliased as `m`.
    static let entryColumns = "m.id, m.text, m.namespace, m.tags, m.run_id, m.agent_path, m.created"

    private static func insert(_ draft: MemoryDraft, _ db: Database) throws -> MemoryEntry.ID {
        let tags = normalized(draft.tags)
        let statement = try db.cachedStatement(sql: """
            INSERT INTO memory (text, namespace, tags, run_id, agent_path, created) VALUES (?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            draft.text, draft.namespace, tags.joined(separator: "\n"), draft.provenance.runID,
            draft.provenance.agentPath?.rawValue, draft.provenance.created.timeIntervalSince1970,
        ])
        let id = db.lastInsertedRowID
        if !tags.isEmpty {
            let tagStatement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO memory_tag (tag, entry_id) VALUES (?, ?)")
            for tag in tags { try tagStatement.execute(arguments: [tag, id]) }
        }
        return id
    }

    static func appendFilters(namespace: String?, tags: [String], to sql: inout String, _ arguments: inout StatementArguments) {
        if let namespace {
            sql += " AND m.namespace = ?"
            arguments += [namespace]
        }
        for tag in tags {
            // Per-row probes of the (tag, entry) primary key: cheap for the few hundred rows a recall ranks.
            sql += " AND EXISTS (SELECT 1 FROM memory_tag t WHERE t.tag = ? AND t.entry_id = m.id)"
            arguments += [tag]
        }
    }

    /// Trimmed, non-empty, one line each, without duplicates, in the given order.
    static func normalized(_ tags: [String]) -> [String] {
        var seen = Set<String>()
        return tags.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: " ") }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    static func entry(_ row: Row) -> MemoryEntry {
        let tags: String = row["tags"]
        let path: String? = row["agent_path"]
        return MemoryEntry(
            id: row["id"],
            text: row["text"],
            tags: tags.isEmpty ? [] : tags.components(separatedBy: "\n"),
            namespace: row["namespace"],
            runID: row["run_id"],
            agentPath: path.flatMap(AgentPath.init),
            created: Date(timeIntervalSince1970: row["created"]),
            score: row["score"]
        )
    }
}

/// An entry to be stored: what ``SQLiteMemoryStore/rememberAll(_:)`` takes.
public struct MemoryDraft: Sendable, Hashable {
    public var text: String
    public var tags: [String]
    public var namespace: String
    public var provenance: MemoryProvenance

    public init(text: String, tags: [String] = [], namespace: String = MemoryEntry.defaultNamespace, provenance: MemoryProvenance = MemoryProvenance()) {
        self.text = text
        self.tags = tags
        self.namespace = namespace
        self.provenance = provenance
    }
}
