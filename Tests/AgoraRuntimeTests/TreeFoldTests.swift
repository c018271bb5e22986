import AgoraCore
import AgoraRuntime
import Foundation
import Synchronization
import Testing

/// A run journal in memory, enough to see which children a rerun replays.
final class MemoryJournal: RunJournal {
    private let entries = Mutex<[String: Data]>([:])

    func lookup(runID: String, path: AgentPath, key: String) async throws -> Data? {
        entries.withLock { $0["\(runID) \(path) \(key)"] }
    }

    func record(runID: String, path: AgentPath, key: String, result: Data) async throws {
        entries.withLock { $0["\(runID) \(path) \(key)"] = result }
    }
}

@Suite struct TreeFoldTests {
    /// Each fold writes down who folded what, so the result is the tree itself.
    @Sendable static func trace(_ context: AgentContext, _ run: [String], _ isTop: Bool) -> String {
        "\(context.path.name)\(isTop ? "*" : "")[\(run.joined(separator: ","))]"
    }

    @Test func levelsFoldRunsOfKInNamedChildrenAndTheCallerFoldsTheTop() async throws {
        let swarm = Swarm()
        let items = (0..<10).map { String(UnicodeScalar(UInt8(ascii: "a") + UInt8($0))) }
        let folded = try await swarm.run { root in
            try await root.treeFold(items, fanIn: 3) { context, run, isTop in Self.trace(context, run, isTop) }
        }
        #expect(folded == "root*[level2-1[level1-1[a,b,c],level1-2[d,e,f],level1-3[g,h,i]],level2-2[level1-4[j]]]")
        #expect(swarm.stats.startedAgents == 1 + TreeFold.childAgents(folding: 10, fanIn: 3))
        #expect(TreeFold.childAgents(folding: 10, fanIn: 3) == 6)
    }

    @Test func kOrFewerItemsAreFoldedByTheCallerAlone() async throws {
        let swarm = Swarm()
        let folded = try await swarm.run { root in
            try await root.treeFold(["a", "b"], fanIn: 4, name: "group") { context, run, isTop in Self.trace(context, run, isTop) }
        }
        #expect(folded == "root*[a,b]")
        #expect(swarm.stats.startedAgents == 1)
    }

    @Test func configuredChildrenAreJournaledAndReplayedOnARerun() async throws {
        let journal = MemoryJournal()
        let childFolds = Atomic<Int>(0)
        let items = (1...9).map(String.init)
        func run() async throws -> String {
            try await Swarm(runID: "r", journal: journal).run { root in
                try await root.treeFold(items, fanIn: 2, configure: { child, run in
                    child.journaled(key: stableHash(run))
                }) { context, run, isTop in
                    if !isTop { childFolds.add(1, ordering: .relaxed) }
                    return Self.trace(context, run, isTop)
                }
            }
        }
        let first = try await run()
        #expect(childFolds.load(ordering: .relaxed) == TreeFold.childAgents(folding: 9, fanIn: 2))
        let second = try await run()
        #expect(second == first)
        #expect(childFolds.load(ordering: .relaxed) == TreeFold.childAgents(folding: 9, fanIn: 2), "a rerun replays every child")
    }

    @Test func chunksAreContiguousAndTheLastMayBeShorter() {
        #expect(TreeFold.chunks(7, size: 3) == [0..<3, 3..<6, 6..<7])
        #expect(TreeFold.chunks(0, size: 3).isEmpty)
    }
}
