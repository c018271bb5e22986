import AgoraCore
@testable import AgoraRuntime
import AgoraTestKit
import Foundation
import Synchronization
import Testing

struct Flaky: Error {}

@Suite struct SupervisionTests {
    func underlying(_ error: (any Error)?) -> (any Error)? { (error as? AgentFailure)?.underlying ?? error }

    @Test func aChildPastItsTimeoutFailsWithItsPath() async throws {
        let swarm = Swarm()
        let error = await #expect(throws: AgentFailure.self) {
            try await swarm.run { root in
                try await root.spawn("slow", timeout: .milliseconds(50)) { _ in try await Task.sleep(for: .seconds(300)) }
            }
        }
        #expect(underlying(error) as? SwarmError == .timedOut(path: AgentPath("root/slow")!, after: .milliseconds(50)))
        // The child failed, and so did the root it escalated to.
        #expect(swarm.stats.failedAgents == 2)
    }

    @Test func aChildNeverOutlivesItsParentsDeadline() async throws {
        let swarm = Swarm()
        let childDeadline = Mutex<ContinuousClock.Instant?>(nil)
        let parentDeadline = Mutex<ContinuousClock.Instant?>(nil)
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: AgentFailure.self) {
            try await swarm.run { root in
                try await root.spawn("parent", timeout: .milliseconds(100)) { parent in
                    parentDeadline.withLock { $0 = parent.deadline }
                    // Asks for 300 s; gets its parent's 100 ms.
                    return try await parent.spawn("child", timeout: .seconds(300)) { child in
                        childDeadline.withLock { $0 = child.deadline }
                        try await Task.sleep(for: .seconds(300))
                    }
                }
            }
        }
        #expect(clock.now - start < .seconds(60))
        #expect(underlying(error) as? SwarmError == .timedOut(path: AgentPath("root/parent")!, after: .milliseconds(100)))
        let inherited = try #require(childDeadline.withLock { $0 })
        #expect(inherited == parentDeadline.withLock { $0 })
        #expect(swarm.stats.cancelledAgents == 1)
    }

    @Test func aFailingChildIsRestartedWithinItsWindow() async throws {
        let attempts = Atomic<Int>(0)
        let swarm = Swarm()
        let value = try await swarm.run { root in
            try await root.spawn("flaky", restart: RestartPolicy(maxRestarts: 3, within: .seconds(10))) { _ in
                if attempts.wrappingAdd(1, ordering: .relaxed).newValue < 3 { throw Flaky() }
                return "third time lucky"
            }
        }
        #expect(value == "third time lucky")
        #expect(swarm.stats.restarts == 2)
        #expect(swarm.stats.failedAgents == 0)
    }

    @Test func tooManyFailuresWithinTheWindowEscalate() async throws {
        let attempts = Atomic<Int>(0)
        let swarm = Swarm()
        let error = await #expect(throws: AgentFailure.self) {
            try await swarm.run { root in
                try await root.spawn("doomed", restart: RestartPolicy(maxRestarts: 2, within: .seconds(10))) { _ -> Int in
                    attempts.wrappingAdd(1, ordering: .relaxed)
                    throw Flaky()
                }
            }
        }
        #expect(attempts.load(ordering: .relaxed) == 3)
        guard case .restartsExhausted(let path, 2, _)? = underlying(error) as? SwarmError else {
            Issue.record("expected restartsExhausted, got \(String(describing: error))")
            return
        }
        #expect(path.rawValue == "root/doomed")
    }

    /// The window's rule, stepped with made-up instants: failures further apart than the window never add up,
    /// and the one past `maxRestarts` within it is refused.
    /// The window's rule, stepped with made-up instants: failures further apart than the window never add up,
    /// and the one past `maxRestarts` within it is refused.
    @Test func theRestartWindowCountsOnlyFailuresInsideIt() {
        let start = ContinuousClock.now
        let policy = RestartPolicy(maxRestarts: 1, within: .milliseconds(40))
        var spread = FailureWindow()
        for attempt in 0..<5 {
            let allowed = spread.record(at: start + .milliseconds(80 * attempt), policy: policy)
            #expect(allowed, "failure \(attempt) is alone in its window")
            #expect(spread.count == 1)
        }
        var bunched = FailureWindow()
        let first = bunched.record(at: start, policy: policy)
        let second = bunched.record(at: start + .milliseconds(30), policy: policy)
        #expect(first && !second, "a second failure 30 ms later exceeds one restart per 40 ms")
        // The window is closed at its edge: a failure exactly `within` after the first still shares it.
        var edge = FailureWindow()
        _ = edge.record(at: start, policy: policy)
        let atTheEdge = edge.record(at: start + .milliseconds(40), policy: policy)
        #expect(!atTheEdge)
        var never = FailureWindow()
        let underNever = never.record(at: start, policy: .never)
        #expect(!underNever, "the default policy allows no restart")
    }

    @Test func settledFanOutCollectsPartialResultsWithErrors() async throws {
        let swarm = Swarm()
        let outcomes = try await swarm.run { root in
            try await root.spawnAllSettled((0..<5).map { index in
                ChildAgent("c\(index)") { _ in
                    if index == 1 || index == 3 { throw Flaky() }
                    try await Task.sleep(for: .milliseconds(20))
                    return index * 10
                }
            })
        }
        #expect(outcomes.map(\.value) == [0, nil, 20, nil, 40])
        #expect(outcomes.compactMap { $0.failure?.path.rawValue } == ["root/c1", "root/c3"])
        #expect(swarm.stats.failedAgents == 2)
    }

    @Test func cancellingARunStopsAgentsToolsAndQueuedModelCalls() async throws {
        let pool = ToolPool(threads: 3)
        defer { pool.shutdown() }
        let inModel = Atomic<Int>(0)
        let toolsRunning = Atomic<Int>(0)
        let toolsSawCancel = Atomic<Int>(0)
        let model = ScriptedBackend(id: "slow", slots: 1) { _ in
            inModel.wrappingAdd(1, ordering: .relaxed)
            try await Task.sleep(for: .seconds(300))
            return ModelResponse(text: "late")
        }
        let swarm = Swarm(backends: [model], toolPool: pool)
        let run = Task {
            try await swarm.run { root in
                try await root.spawnAll((0..<9).map { index in
                    ChildAgent("a\(index)") { context -> String in
                        if index < 2 { return "quick" }
                        if index < 6 { return try await context.ask(ModelRequest(messages: [.user("q")])).text }
                        try await context.runTool("wait") { cancellation in
                            toolsRunning.wrappingAdd(1, ordering: .relaxed)
                            while !cancellation.isCancelled { usleep(1_000) }
                            toolsSawCancel.wrappingAdd(1, ordering: .relaxed)
                        }
                        return "tool"
                    }
                })
            }
        }
        let gate = try #require(swarm.gate(for: "slow"))
        let settled = ContinuousClock.now + .seconds(60)
        while inModel.load(ordering: .relaxed) < 1 || gate.telemetry.queued < 3 || toolsRunning.load(ordering: .relaxed) < 3 {
            try #require(ContinuousClock.now < settled, "within 60 s the run never had a call in the model, three queued and three tools running")
            try await Task.sleep(for: .milliseconds(2))
        }
        let clock = ContinuousClock()
        let start = clock.now
        run.cancel()
        await #expect(throws: CancellationError.self) { try await run.value }
        #expect(clock.now - start < .seconds(60))
        #expect(gate.telemetry.queued == 0)
        #expect(gate.telemetry.inFlight == 0)
        let deadline = clock.now + .seconds(30)
        while toolsSawCancel.load(ordering: .relaxed) < 3, clock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
        #expect(toolsSawCancel.load(ordering: .relaxed) == 3)
        // What finished is reported: two quick agents succeeded, the rest (and the root) were cancelled.
        let stats = swarm.stats
        #expect(stats.liveAgents == 0)
        #expect(stats.succeededAgents == 2)
        #expect(stats.cancelledAgents == 8)
    }
}

