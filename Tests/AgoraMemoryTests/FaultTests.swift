import AgoraCore
import AgoraTestSupport
import Foundation
import GRDB
import Testing
@testable import AgoraMemory

@Suite("Concurrency and faults")
struct FaultTests {
    @Test func twoConnectionsWritingAtOnceLoseNothing() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("memory.sqlite")
        // Two workspaces: two independent connection pools on one file, as two processes would have.
        let first = try SQLiteMemoryStore(path: path)
        let second = try SQLiteMemoryStore(path: path)
        let journal = try SQLiteRunJournal(path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (name, store) in [("first", first), ("second", second)] {
                group.addTask {
                    for index in 0..<150 { _ = try await store.remember("\(name) writer entry \(index) walrus") }
                }
            }
            group.addTask {
                for index in 0..<150 {
                    try await journal.record(runID: "r", path: AgentPath().child("a\(index)"), key: "k", result: Data([UInt8(index % 256)]))
                }
            }
            try await group.waitForAll()
        }
        #expect(try await first.count() == 300)
        #expect(try await second.recall("walrus", k: 1000).count == 300)
        #expect(try await journal.entries(runID: "r").count == 150)
    }

    /// Two real processes: the built `agora` binary, run twice at once on one file.
    @Test(.enabled(if: agoraBinary != nil, "needs the agora executable next to the tests (swift build)"))
    func twoProcessesWritingAtOnceLoseNothing() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("memory.sqlite")
        let binary = try #require(agoraBinary)
        let processes = try ["alpha", "beta"].map { name in
            try ChildProcess(URL(fileURLWithPath: binary), ["memory", "remember", "\(name) process entry", "--repeat", "200", "--memory", path],
                             stderr: .file(URL(fileURLWithPath: folder.path("\(name).err"))))
        }
        for process in processes {
            #expect(await process.exit(timeout: 120) == .exited(0))
        }
        let store = try SQLiteMemoryStore(path: path)
        #expect(try await store.count() == 400)
        #expect(try await store.recall("alpha", k: 1000).count == 200)
        #expect(try await store.recall("beta", k: 1000).count == 200)
    }

    @Test func diskFullFailsCleanlyAndKeepsTheFileConsistent() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("memory.sqlite")
        // Simulated full disk: SQLite refuses to grow the file past max_page_count pages (SQLITE_FULL),
        // the same error path a real ENOSPC takes.
        let workspace = try SQLiteWorkspace(path: path, maxPageCount: 40)
        let store = SQLiteMemoryStore(workspace: workspace)
        let journal = SQLiteRunJournal(workspace: workspace)
        let payload = String(repeating: "lorem ipsum dolor sit amet ", count: 40)
        var stored = 0
        var failure: (any Error)?
        for index in 0..<10_000 {
            do {
                _ = try await store.remember("\(index) \(payload)", tags: ["t"])
                stored += 1
            } catch {
                failure = error
                break
            }
        }
        let error = try #require(failure as? SQLiteWorkspaceError)
        #expect(error == .diskFull(path: path))
        #expect(stored > 0)
        await #expect(throws: SQLiteWorkspaceError.self) {
            try await store.rememberAll((0..<50).map { MemoryDraft(text: "batch \($0) \(payload)") })
        }
        await #expect(throws: SQLiteWorkspaceError.diskFull(path: path)) {
            try await journal.record(runID: "r", path: AgentPath(), key: "k", result: Data(count: 200_000))
        }
        // Everything committed before the failure is there, nothing half-written is, and the index agrees.
        #expect(try await store.count() == stored)
        #expect(try await store.recall("lorem", k: 100_000).count == stored)
        let integrity = try await workspace.pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
        try await workspace.pool.write { db in
            try db.execute(sql: "INSERT INTO memory_fts(memory_fts) VALUES ('integrity-check')")
        }
        // Freeing space makes writes work again.
        #expect(try await store.forget(MemoryFilter(tags: ["t"])) == stored)
        _ = try await store.remember("after the disk was freed")
    }

    /// A real full disk: a 1 MiB tmpfs (needs root and mount; skipped where mounting is not allowed).
    @Test(.enabled(if: canMountTmpfs, "needs root and tmpfs mounts"))
    func realDiskFull() async throws {
        let folder = try TemporaryFolder()
        let mountPoint = folder.path("tiny")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        #expect(run("/bin/mount", ["-t", "tmpfs", "-o", "size=1M", "tmpfs", mountPoint]) == 0)
        defer { _ = run("/bin/umount", [mountPoint]) }
        let path = mountPoint + "/memory.sqlite"
        var stored = 0
        do {
            let store = try SQLiteMemoryStore(path: path)
            let payload = String(repeating: "filler text to use the disk up ", count: 30)
            var failure: (any Error)?
            for index in 0..<100_000 {
                do {
                    _ = try await store.remember("\(index) \(payload)")
                    stored += 1
                } catch {
                    failure = error
                    break
                }
            }
            #expect(failure as? SQLiteWorkspaceError == .diskFull(path: path), "got \(String(describing: failure))")
            #expect(try await store.count() == stored)
            let integrity = try await store.workspace.pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
            #expect(integrity == "ok")
        }
        #expect(stored > 0)
    }
}

/// The `agora` executable built beside this test bundle, if there is one.
let agoraBinary: String? = BuiltProduct.agora.builtURL?.path

let canMountTmpfs: Bool = {
    guard getuid() == 0 else { return false }
    let probe = FileManager.default.temporaryDirectory.appendingPathComponent("agora-mount-probe-\(getpid())").path
    try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: probe) }
    guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]) == 0 else { return false }
    return run("/bin/umount", [probe]) == 0
}()

@discardableResult
func run(_ executable: String, _ arguments: [String]) -> Int32 {
    ChildProcess.status(executable, arguments)
}
