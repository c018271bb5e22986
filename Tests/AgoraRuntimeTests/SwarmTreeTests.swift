import AgoraCore
import AgoraRuntime
import AgoraTestKit
import Testing

/// A tree of branching `b` and depth `d`: every inner agent spawns `b` children in parallel and asks the model
/// once to combine them; a leaf asks once. Each agent returns the number of leaves below it.
func leafCount(_ context: AgentContext, branching: Int, depth: Int) async throws -> Int {
    if depth == 0 {
        _ = try await context.ask(ModelRequest(messages: [.user("leaf")]))
        return 1
    }
    let children = (1...branching).map { index in
        ChildAgent("n\(index)") { child in try await leafCount(child, branching: branching, depth: depth - 1) }
    }
    let counts = try await context.spawnAll(children)
    _ = try await context.ask(ModelRequest(messages: [.user("combine")]))
    return counts.reduce(0, +)
}

@Suite struct SwarmTreeTests {
    let echo = ScriptedBackend(slots: 8) { request in
        ModelResponse(text: request.messages.last?.content ?? "", usage: TokenUsage(inputTokens: 3, outputTokens: 2))
    }

    @Test func tenByTenByTenByTenTreeCountsEveryLeaf() async throws {
        let swarm = Swarm(backends: [echo])
        let leaves = try await swarm.run { root in try await leafCount(root, branching: 10, depth: 4) }
        #expect(leaves == 10_000)
        let stats = swarm.stats
        #expect(stats.startedAgents == 11_111)
        #expect(stats.finishedAgents == 11_111)
        #expect(stats.liveAgents == 0)
        #expect(stats.modelCalls == 11_111)
        #expect(stats.usage == TokenUsage(inputTokens: 3 * 11_111, outputTokens: 2 * 11_111))
        #expect(swarm.gate(for: "test")?.telemetry.calls == 11_111)
    }

    @Test func resultsKeepTheOrderOfTheChildrenNotOfTheirCompletion() async throws {
        let swarm = Swarm()
        let results = try await swarm.run { root in
            try await root.spawnAll((0..<20).map { index in
                ChildAgent("c\(index)") { _ in
                    // Later children finish first.
                    try await Task.sleep(for: .milliseconds(2 * (20 - index)))
                    return index
                }
            })
        }
        #expect(results == Array(0..<20))
    }

    @Test func childrenGetPathsUnderTheirParent() async throws {
        let swarm = Swarm()
        let paths = try await swarm.run { root in
            try await root.spawn("map") { map in
                try await map.map([10, 20, 30], name: "segment") { context, _ in context.path.rawValue }
            }
        }
        #expect(paths == ["root/map/segment-1", "root/map/segment-2", "root/map/segment-3"])
    }

    @Test func maxConcurrentBoundsLiveAgents() async throws {
        let swarm = Swarm(limits: SwarmLimits(maxLiveAgents: 4))
        let total = try await swarm.run { root in
            try await root.spawnAll((0..<50).map { index in
                ChildAgent("c\(index)") { _ in
                    try await Task.sleep(for: .milliseconds(1))
                    return 1
                }
            }, maxConcurrent: 3).reduce(0, +)
        }
        #expect(total == 50)
        #expect(swarm.stats.peakLiveAgents <= 4)
    }
}
