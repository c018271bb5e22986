import AgoraCore
import Foundation
import GRDB
import Testing
@testable import AgoraMemory

@Suite("Workspace file: migrations and bad files")
struct WorkspaceFileTests {
    /// Creates a workspace with one entry and closes it (the WAL is checkpointed into the file on close).
    private func makeWorkspace(_ path: String) async throws {
        let store = try SQLiteMemoryStore(path: path)
        _ = try await store.remember("an entry that must survive")
    }

    /// Opening must fail with `expected`, and leave the file's bytes exactly as they were.
    private func expectRejected(_ path: String, _ matches: (SQLiteWorkspaceError) -> Bool) throws {
        let before = try bytes(path)
        do {
            _ = try SQLiteWorkspace(path: path)
            Issue.record("opening \(path) should have failed")
        } catch let error as SQLiteWorkspaceError {
            #expect(matches(error), "got \(error)")
            #expect(error.description.contains(path))
            #expect(!error.description.contains("\n"))
        }
        #expect(try bytes(path) == before, "the file was modified")
    }

    @Test func schemaVersionIsRecorded() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("memory.sqlite")
        let workspace = try SQLiteWorkspace(path: path)
        #expect(try await workspace.appliedMigrations() == ["v1-memory", "v2-journal"])
        let version = try await workspace.pool.read { try Int.fetchOne($0, sql: "PRAGMA user_version") }
        #expect(version == SQLiteWorkspace.schemaVersion)
        let mode = try await workspace.pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func oldVersionIsMigrated() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("memory.sqlite")
        do {
            // A file as the first release wrote it: the memory tables only, schema version 1, with data.
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: "v1-memory")
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO memory (text, namespace, created) VALUES ('old entry from version one', 'default', 0)")
            }
            #expect(try await queue.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 1)
        }
        let workspace = try SQLiteWorkspace(path: path)
        #expect(try await workspace.appliedMigrations() == ["v1-memory", "v2-journal"])
        let store = SQLiteMemoryStore(workspace: workspace)
        #expect(try await store.recall("version").map(\.text) == ["old entry from version one"])
        let journal = SQLiteRunJournal(workspace: workspace)
        try await journal.record(runID: "r", path: AgentPath(), key: "k", result: Data("ok".utf8))
        #expect(try await journal.lookup(runID: "r", path: AgentPath(), key: "k") == Data("ok".utf8))
    }

    @Test func notSQLite() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("memory.sqlite")
        try Data("these are my notes, not a database\n".utf8).write(to: URL(fileURLWithPath: path))
        try expectRejected(path) { if case .notSQLite = $0 { true } else { false } }
        // Long enough to hold a header, with the wrong one.
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        try expectRejected(path) { if case .notSQLite = $0 { true } else { false } }
    }

    @Test func corrupted() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("memory.sqlite")
        try await makeWorkspace(path)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        var data = try bytes(path)
        // Keep the 100-byte header, scribble over the schema table's page.
        for index in 100..<min(data.count, 4096) { data[index] = UInt8(truncatingIfNeeded: index &* 7) }
        try data.write(to: URL(fileURLWithPath: path))
        try expectRejected(path) { error in
            switch error {
            case .corrupted, .notSQLite: true
            default: false
            }
        }
    }

    @Test func readOnly() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("memory.sqlite")
        try await makeWorkspace(path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }
        try expectRejected(path) { if case .readOnly = $0 { true } else { false } }
    }

    @Test func newerSchema() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("memory.sqlite")
        try await makeWorkspace(path)
        do {
            // What a future Agora would leave: a migration this build does not know, and a higher version.
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v3-future'); PRAGMA user_version = 3")
            }
        }
        try expectRejected(path) { error in
            if case .newerSchema(_, let found, let supported) = error { return found == 3 && supported == 2 }
            return false
        }
    }

    @Test func foreignDatabase() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("app.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in try db.execute(sql: "CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT)") }
        }
        try expectRejected(path) { if case .foreignDatabase = $0 { true } else { false } }
    }

    @Test func emptyFileBecomesAWorkspace() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("memory.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let store = try SQLiteMemoryStore(path: path)
        _ = try await store.remember("fresh")
        #expect(try await store.count() == 1)
    }

    @Test func createsTheFolder() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("deep/.agora/memory.sqlite")
        _ = try SQLiteWorkspace(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
