import AgoraCore
import Foundation
import GRDB

/// The run journal in an SQLite workspace file: each finished agent's result, keyed by (run id, agent path, key),
/// plus a table of runs (command, arguments, start, finish) for `agora resume`.
///
/// ```swift
/// let journal = SQLiteRunJournal(workspace: try SQLiteWorkspace(path: ".agora/memory.sqlite"))
/// try await journal.beginRun(id: "r1", command: "summarize", arguments: ["talk.txt"])
/// try await journal.record(runID: "r1", path: AgentPath(), key: inputsHash, result: data)
/// ```
///
/// `record` returns after its write transaction has committed (WAL, `synchronous = NORMAL`: durable across a crash of
/// the process, SIGKILL included; a power loss may drop the last commits but never corrupts the file). Recording
/// the same (run, path, key) twice keeps the latest result.
public final class SQLiteRunJournal: RunJournal {
    public let workspace: SQLiteWorkspace

    public init(workspace: SQLiteWorkspace) {
        self.workspace = workspace
    }

    /// Opens or creates the workspace file at `path`.
    public convenience init(path: String = SQLiteWorkspace.defaultPath) throws {
        self.init(workspace: try SQLiteWorkspace(path: path))
    }

    public func lookup(runID: String, path: AgentPath, key: String) async throws -> Data? {
        try await workspace.read { db in
            try Data.fetchOne(
                db.cachedStatement(sql: "SELECT result FROM journal WHERE run_id = ? AND path = ? AND key = ?"),
                arguments: [runID, path.rawValue, key]
            )
        }
    }

    public func record(runID: String, path: AgentPath, key: String, result: Data) async throws {
        let now = Date().timeIntervalSince1970
        try await workspace.write { db in
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO journal (run_id, path, key, result, recorded) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [runID, path.rawValue, key, result, now])
        }
    }

    // MARK: - Runs

    /// Notes that a run started (or restarted: a resumed run keeps its first start time and is marked unfinished).
    public func beginRun(id: String, command: String, arguments: [String], started: Date = Date()) async throws {
        let json = String(decoding: try JSONEncoder().encode(arguments), as: UTF8.self)
        try await workspace.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (id, command, arguments, started) VALUES (?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET finished = NULL, status = NULL
                    """,
                arguments: [id, command, json, started.timeIntervalSince1970]
            )
        }
    }

    /// Notes that a run ended, with a status such as `succeeded` or `failed`.
    public func finishRun(id: String, status: String, finished: Date = Date()) async throws {
        try await workspace.write { db in
            try db.execute(sql: "UPDATE run SET finished = ?, status = ? WHERE id = ?", arguments: [finished.timeIntervalSince1970, status, id])
        }
    }

    /// The newest runs first.
    public func runs(limit: Int = 50) async throws -> [RunRecord] {
        try await workspace.read { db in
            try Row.fetchAll(db, sql: Self.runSelect + " GROUP BY r.id ORDER BY r.started DESC, r.id LIMIT ?", arguments: [limit]).map(Self.run)
        }
    }

    /// One run, or nil if the journal has never heard of it.
    public func run(id: String) async throws -> RunRecord? {
        try await workspace.read { db in
            try Row.fetchOne(db, sql: Self.runSelect + " WHERE r.id = ? GROUP BY r.id", arguments: [id]).map(Self.run)
        }
    }

    /// What the journal holds for a run: one line per recorded agent, sorted by path.
    public func entries(runID: String) async throws -> [JournalEntry] {
        try await workspace.read { db in
            try Row.fetchAll(
                db, sql: "SELECT path, key, length(result) AS bytes, recorded FROM journal WHERE run_id = ? ORDER BY path, key",
                arguments: [runID]
            ).map { row in
                JournalEntry(
                    path: AgentPath(row["path"] as String) ?? AgentPath(), key: row["key"], bytes: row["bytes"],
                    recorded: Date(timeIntervalSince1970: row["recorded"])
                )
            }
        }
    }

    private static let runSelect = """
        SELECT r.id, r.command, r.arguments, r.started, r.finished, r.status, count(j.path) AS recorded
        FROM run r LEFT JOIN journal j ON j.run_id = r.id
        """

    private static func run(_ row: Row) -> RunRecord {
        let arguments = (try? JSONDecoder().decode([String].self, from: Data((row["arguments"] as String).utf8))) ?? []
        let finished: Double? = row["finished"]
        return RunRecord(
            id: row["id"], command: row["command"], arguments: arguments,
            started: Date(timeIntervalSince1970: row["started"]), finished: finished.map(Date.init(timeIntervalSince1970:)),
            status: row["status"], recordedAgents: row["recorded"]
        )
    }
}

/// A run as the journal knows it.
public struct RunRecord: Sendable, Hashable, Codable {
    public var id: String
    public var command: String
    public var arguments: [String]
    public var started: Date
    /// Nil while the run is going, or if it was killed.
    public var finished: Date?
    public var status: String?
    /// How many agents' results are recorded.
    public var recordedAgents: Int
}

/// One recorded agent result, without the result itself.
public struct JournalEntry: Sendable, Hashable, Codable {
    public var path: AgentPath
    public var key: String
    public var bytes: Int
    public var recorded: Date
}
