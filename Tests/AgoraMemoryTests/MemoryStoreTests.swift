import AgoraCore
import Foundation
import Testing
@testable import AgoraMemory

@Suite("SQLite memory store")
struct MemoryStoreTests {
    @Test func rareTermsOutrankCommonOnes() async throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteMemoryStore(path: folder.path("memory.sqlite"))
        for index in 0..<50 {
            try await store.remember("weekly meeting notes number \(index) about planning")
        }
        let rare = try await store.remember("the zebra escaped from the enclosure during planning")
        let common = try await store.remember("another meeting about the meeting schedule")
        let hits = try await store.recall("zebra meeting", k: 5)
        #expect(hits.first?.id == rare)
        #expect(hits.contains { $0.id == common })
        #expect(hits.count == 5)
        let scores = hits.compactMap(\.score)
        #expect(scores == scores.sorted(by: >))
        #expect(scores.allSatisfy { $0 > 0 })
    }

    /// The bounded plan used at scale, exercised with a tiny limit: common words are those in more than 5 entries.
    @Test func boundedRecallPlan() async throws {
        let folder = try TemporaryFolder()
        let store = SQLiteMemoryStore(workspace: try SQLiteWorkspace(path: folder.path("memory.sqlite")), exactRankingLimit: 5)
        for index in 0..<30 { _ = try await store.remember("project status update \(index)") }
        let rareAndCommon = try await store.remember("status of the penguin enclosure")
        let rareOnly = try await store.remember("penguin feeding times")
        let bothCommon = try await store.remember("project status")
        // Rare and common words: the entry with both first, then the one with the rare word alone.
        let mixed = try await store.recall("penguin status", k: 2)
        #expect(mixed.map(\.id) == [rareAndCommon, rareOnly])
        // Only common words: entries holding all of them, newest first among equals.
        let common = try await store.recall("project status", k: 3)
        #expect(common.count == 3)
        #expect(common.first?.id == bothCommon)
        // Filters apply on every path.
        let none = try await store.recall("penguin status", k: 5, namespace: "elsewhere", tags: [])
        #expect(none.isEmpty)
        // Only function words: newest entries holding them.
        #expect(try await store.recall("of the", k: 3).map(\.id) == [rareAndCommon])
    }

    @Test func stemmingAndDiacritics() async throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteMemoryStore(path: folder.path("memory.sqlite"))
        let id = try await store.remember("Meetings were rescheduled at the café")
        #expect(try await store.recall("meeting cafe").map(\.id) == [id])
    }

    @Test func hostileQueriesAreSafe() async throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteMemoryStore(path: folder.path("memory.sqlite"))
        let id = try await store.remember("what's new: the x release and NEAR term support")
        for query in [#"what's "new"? AND -x"#, "NEAR(", "*", "\"", "text:new", "new*", "(x OR", "^new", "AND", "-", "", "   ", "🙂 new"] {
            let hits = try await store.recall(query, k: 3)
            #expect(hits.count <= 1, "query \(query)")
        }
        #expect(try await store.recall(#"what's "new"? AND -x"#).map(\.id) == [id])
        #expect(try await store.recall("the").map(\.id) == [id], "a query of stopwords alone still searches")
    }

    @Test func namespaceAndTagFilters() async throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteMemoryStore(path: folder.path("memory.sqlite"))
        let a = try await store.remember("budget review alpha", tags: ["finance", "q3"], namespace: "meetings")
        let b = try await store.remember("budget review beta", tags: ["finance"], namespace: "meetings")
        let c = try await store.remember("budget review gamma", tags: ["finance", "q3"], namespace: "research")
        #expect(Set(try await store.recall("budget", k: 10).map(\.id)) == [a, b, c])
        #expect(Set(try await store.recall("budget", k: 10, namespace: "meetings").map(\.id)) == [a, b])
        #expect(Set(try await store.recall("budget", k: 10, namespace: nil, tags: ["q3"]).map(\.id)) == [a, c])
        #expect(try await store.recall("budget", k: 10, namespace: "meetings", tags: ["q3", "finance"]).map(\.id) == [a])
        #expect(try await store.recall("budget", k: 10, namespace: nil, tags: ["nope"]).isEmpty)
        #expect(try await store.recall("budget", k: 1).count == 1)
        let entry = try #require(try await store.recall("alpha").first)
        #expect(entry.tags == ["finance", "q3"])
        #expect(entry.namespace == "meetings")
    }

    @Test func forgetAndList() async throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteMemoryStore(path: folder.path("memory.sqlite"))
        let first = try await store.remember("first apple note", tags: ["fruit"])
        let second = try await store.remember("second apple note", namespace: "other")
        let third = try await store.remember("third apple note", tags: ["fruit"], namespace: "other", provenance: MemoryProvenance(runID: "run-9"))
        #expect(try await store.list(namespace: nil, limit: 10).map(\.id) == [third, second, first])
        #expect(try await store.list(namespace: nil, limit: 2).map(\.id) == [third, second])
        #expect(try await store.list(namespace: "other", limit: 10).map(\.id) == [third, second])

        #expect(try await store.forget(id: second) == 1)
        #expect(try await store.forget(id: second) == 0)
        #expect(try await store.recall("apple", k: 10).map(\.id).sorted() == [first, third])
        #expect(try await store.forget(MemoryFilter(runID: "run-9")) == 1)
        #expect(try await store.forget(MemoryFilter(tags: ["fruit"])) == 1)
        #expect(try await store.count() == 0)
        #expect(try await store.recall("apple").isEmpty, "the full-text index follows deletions")
        _ = try await store.remember("x one")
        _ = try await store.remember("x two")
        #expect(try await store.forget(MemoryFilter()) == 2)
    }

    @Test func provenanceIsKept() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("memory.sqlite")
        let created = Date(timeIntervalSince1970: 1_700_000_000.25)
        let agent = AgentPath().child("map").child("segment-3")
        do {
            let store = try SQLiteMemoryStore(path: path)
            _ = try await store.remember(
                "the digest of the talk", tags: ["digest"], namespace: "talks",
                provenance: MemoryProvenance(runID: "run-42", agentPath: agent, created: created))
        }
        let reopened = try SQLiteMemoryStore(path: path)
        let entry = try #require(try await reopened.recall("digest").first)
        #expect(entry.runID == "run-42")
        #expect(entry.agentPath == agent)
        #expect(abs(entry.created.timeIntervalSince(created)) < 0.001)
        var exported: [MemoryEntry] = []
        try await reopened.forEachEntry { exported.append($0) }
        #expect(exported.map(\.text) == ["the digest of the talk"])
    }

    @Test func bulkLoadIsOneTransaction() async throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteMemoryStore(path: folder.path("memory.sqlite"))
        try await store.rememberAll(count: 2_000) { MemoryDraft(text: "bulk entry \($0) kiwi", tags: ["t\($0 % 3)"]) }
        try await store.optimize()
        #expect(try await store.count() == 2_000)
        #expect(try await store.recall("kiwi", k: 7).count == 7)
        #expect(try await store.recall("kiwi", k: 3000, namespace: nil, tags: ["t1"]).count == 667)
    }
}
