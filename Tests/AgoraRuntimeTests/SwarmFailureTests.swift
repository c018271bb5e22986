import AgoraCore
import AgoraRuntime
import AgoraTestKit
import Synchronization
import Testing

struct Boom: Error, Equatable {}

/// Spawns one child, forever: only a depth limit stops it.
@Sendable func dive(_ context: AgentContext) async throws -> Int {
    try await context.spawn("d") { try await dive($0) }
}

@Suite struct SwarmFailureTests {
    @Test func aFailingChildCancelsItsSiblingsAndCarriesItsPath() async throws {
        let cancelled = Atomic<Int>(0)
        let swarm = Swarm()
        let clock = ContinuousClock()
        let start = clock.now
        await #expect {
            try await swarm.run { root in
                try await root.spawnAll((0..<5).map { index in
                    ChildAgent("c\(index)") { _ in
                        if index == 2 {
                            try await Task.sleep(for: .milliseconds(20))
                            throw Boom()
                        }
                        do {
                            try await Task.sleep(for: .seconds(300))
                        } catch {
                            cancelled.wrappingAdd(1, ordering: .relaxed)
                            throw error
                        }
                        return index
                    }
                })
            }
        } throws: { error in
            guard let failure = error as? AgentFailure else { return false }
            return failure.path.rawValue == "root/c2" && failure.underlying is Boom
        }
        #expect(cancelled.load(ordering: .relaxed) == 4)
        #expect(clock.now - start < .seconds(60))
        #expect(swarm.stats.liveAgents == 0)
    }

    @Test func cancellingTheRunCancelsTheWholeSubtree() async throws {
        let cancelled = Atomic<Int>(0)
        let started = Atomic<Int>(0)
        let swarm = Swarm()
        let run = Task {
            try await swarm.run { root in
                try await root.spawnAll((0..<3).map { index in
                    ChildAgent("c\(index)") { child in
                        try await child.spawnAll((0..<3).map { inner in
                            ChildAgent("g\(inner)") { _ in
                                started.wrappingAdd(1, ordering: .relaxed)
                                do {
                                    try await Task.sleep(for: .seconds(300))
                                } catch {
                                    cancelled.wrappingAdd(1, ordering: .relaxed)
                                    throw error
                                }
                                return 1
                            }
                        }).reduce(0, +)
                    }
                }).reduce(0, +)
            }
        }
        while started.load(ordering: .relaxed) < 9 { try await Task.sleep(for: .milliseconds(5)) }
        run.cancel()
        let result = await run.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(cancelled.load(ordering: .relaxed) == 9)
        #expect(swarm.stats.liveAgents == 0)
    }

    @Test func depthLimitRaisesTheDocumentedError() async throws {
        let swarm = Swarm(limits: SwarmLimits(maxDepth: 2))
        await #expect(throws: SwarmError.depthLimitExceeded(path: AgentPath("root/d/d/d")!, limit: 2)) {
            do {
                _ = try await swarm.run { try await dive($0) }
            } catch let failure as AgentFailure {
                throw failure.underlying
            }
        }
    }

    @Test func liveAgentLimitRaisesTheDocumentedError() async throws {
        let swarm = Swarm(limits: SwarmLimits(maxLiveAgents: 5))
        let error = await #expect(throws: AgentFailure.self) {
            try await swarm.run { root in
                try await root.spawnAll((0..<10).map { index in
                    ChildAgent("c\(index)") { _ in
                        try await Task.sleep(for: .milliseconds(200))
                        return index
                    }
                })
            }
        }
        guard case .liveAgentLimitExceeded(_, let limit)? = error?.underlying as? SwarmError else {
            Issue.record("expected liveAgentLimitExceeded, got \(String(describing: error))")
            return
        }
        #expect(limit == 5)
        #expect(error?.description.contains("max live agents") == true)
    }

    @Test func totalAgentLimitRaisesTheDocumentedError() async throws {
        let swarm = Swarm(limits: SwarmLimits(maxTotalAgents: 10))
        let error = await #expect(throws: AgentFailure.self) {
            try await swarm.run { root in
                for index in 0..<20 { _ = try await root.spawn("c\(index)") { _ in index } }
            }
        }
        #expect(error?.underlying as? SwarmError == .totalAgentLimitExceeded(path: AgentPath("root/c9")!, limit: 10))
        #expect(swarm.stats.finishedAgents == swarm.stats.startedAgents)
    }

    @Test func askingAnUnknownBackendNamesWhatExists() async throws {
        let swarm = Swarm(backends: [ScriptedBackend(responses: [])])
        let error = await #expect(throws: AgentFailure.self) {
            try await swarm.run { try await $0.ask(ModelRequest(messages: [.user("x")]), backend: "openai:gpt") }
        }
        #expect(error?.underlying as? SwarmError == .unknownBackend(id: "openai:gpt", path: AgentPath(root: "root"), known: ["test"]))
    }

    @Test func aScriptedConversationIsPlayedExactly() async throws {
        let model = ScriptedBackend(responses: [ModelResponse(text: "one"), ModelResponse(text: "two")])
        let swarm = Swarm(backends: [model])
        let answers = try await swarm.run { root in
            [try await root.ask(ModelRequest(messages: [.user("a")])).text,
             try await root.ask(ModelRequest(messages: [.user("b")])).text]
        }
        #expect(answers == ["one", "two"])
        try model.assertComplete()
        #expect(model.requests.map { $0.messages.last?.content } == ["a", "b"])
    }
}
