import AgoraCore
import Foundation
import Testing
@testable import AgoraMemory

@Suite("SQLite run journal")
struct RunJournalTests {
    @Test func recordAndLookup() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("memory.sqlite")
        let agent = AgentPath().child("map").child("segment-1")
        do {
            let journal = try SQLiteRunJournal(path: path)
            #expect(try await journal.lookup(runID: "r1", path: agent, key: "k1") == nil)
            try await journal.record(runID: "r1", path: agent, key: "k1", result: Data("first".utf8))
            #expect(try await journal.lookup(runID: "r1", path: agent, key: "k1") == Data("first".utf8))
            // Another key (the inputs or the definition changed), another path or another run: not a match.
            #expect(try await journal.lookup(runID: "r1", path: agent, key: "k2") == nil)
            #expect(try await journal.lookup(runID: "r1", path: AgentPath().child("map"), key: "k1") == nil)
            #expect(try await journal.lookup(runID: "r2", path: agent, key: "k1") == nil)
            // Recording the same key again keeps the latest result.
            try await journal.record(runID: "r1", path: agent, key: "k1", result: Data("second".utf8))
            try await journal.record(runID: "r1", path: agent, key: "k2", result: Data())
        }
        // Durable: a new process (a new workspace) sees it.
        let reopened = try SQLiteRunJournal(path: path)
        #expect(try await reopened.lookup(runID: "r1", path: agent, key: "k1") == Data("second".utf8))
        #expect(try await reopened.lookup(runID: "r1", path: agent, key: "k2") == Data())
        #expect(try await reopened.entries(runID: "r1").map(\.key) == ["k1", "k2"])
    }

    @Test func manyAgentsRecordAtOnce() async throws {
        let folder = try TemporaryFolder()
        let journal = try SQLiteRunJournal(path: folder.path("memory.sqlite"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await journal.record(runID: "r", path: AgentPath().child("w\(index)"), key: "k", result: Data("\(index)".utf8))
                }
            }
            try await group.waitForAll()
        }
        #expect(try await journal.entries(runID: "r").count == 200)
        #expect(try await journal.lookup(runID: "r", path: AgentPath().child("w123"), key: "k") == Data("123".utf8))
    }

    @Test func runs() async throws {
        let folder = try TemporaryFolder()
        let journal = try SQLiteRunJournal(path: folder.path("memory.sqlite"))
        try await journal.beginRun(id: "a", command: "summarize", arguments: ["talk.txt", "--words", "100"], started: Date(timeIntervalSince1970: 100))
        try await journal.beginRun(id: "b", command: "summarize", arguments: ["other.txt"], started: Date(timeIntervalSince1970: 200))
        try await journal.record(runID: "a", path: AgentPath(), key: "k", result: Data("x".utf8))
        try await journal.finishRun(id: "a", status: "succeeded", finished: Date(timeIntervalSince1970: 150))
        #expect(try await journal.runs().map(\.id) == ["b", "a"])
        let a = try #require(try await journal.run(id: "a"))
        #expect(a.command == "summarize")
        #expect(a.arguments == ["talk.txt", "--words", "100"])
        #expect(a.finished == Date(timeIntervalSince1970: 150))
        #expect(a.status == "succeeded")
        #expect(a.recordedAgents == 1)
        #expect(try await journal.run(id: "b")?.finished == nil)
        #expect(try await journal.run(id: "nope") == nil)
        // Resuming marks the run unfinished again and keeps its first start.
        try await journal.beginRun(id: "a", command: "summarize", arguments: ["talk.txt"], started: Date(timeIntervalSince1970: 999))
        let resumed = try #require(try await journal.run(id: "a"))
        #expect(resumed.finished == nil)
        #expect(resumed.started == Date(timeIntervalSince1970: 100))
    }

    @Test func journalAndMemoryShareOneFile() async throws {
        let folder = try TemporaryFolder()
        let workspace = try SQLiteWorkspace(path: folder.path("memory.sqlite"))
        let memory = SQLiteMemoryStore(workspace: workspace)
        let journal = SQLiteRunJournal(workspace: workspace)
        _ = try await memory.remember("digest of run r", tags: [], namespace: "default", provenance: MemoryProvenance(runID: "r"))
        try await journal.record(runID: "r", path: AgentPath(), key: "k", result: Data("digest".utf8))
        #expect(try await memory.recall("digest").first?.runID == "r")
        #expect(try await journal.lookup(runID: "r", path: AgentPath(), key: "k") != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.hasSuffix(".sqlite") } == ["memory.sqlite"])
    }
}
