import AgoraCore
import AgoraRuntime
import AgoraTestKit
import Foundation
import Synchronization
import Testing

/// The live-agent target: fan-outs hold children back while the swarm has that many agents alive, so a huge tree
/// is never alive all at once.
@Suite struct PacingTests {
    let echo = ScriptedBackend(slots: 8) { request in ModelResponse(text: request.messages.last?.content ?? "") }

    @Test func aSmallTargetBoundsTheLiveAgentsAndEveryLeafStillRuns() async throws {
        let paced = Swarm(backends: [echo], limits: SwarmLimits(liveAgentTarget: 50))
        let leaves = try await paced.run { root in try await leafCount(root, branching: 10, depth: 4) }
        #expect(leaves == 10_000)
        #expect(paced.stats.startedAgents == 11_111)
        #expect(paced.stats.liveAgents == 0)
        // Above the target only by the one child every waiting fan-out keeps going...
        let pacedPeak = paced.stats.peakLiveAgents
        #expect(pacedPeak <= 3 * 50)

        // ...where the same tree unpaced has thousands alive at once.
        let free = Swarm(backends: [echo], limits: SwarmLimits(liveAgentTarget: 1_000_000))
        _ = try await free.run { root in try await leafCount(root, branching: 10, depth: 4) }
        #expect(free.stats.peakLiveAgents > 10 * pacedPeak)
    }

    @Test func cancellingARunWhoseFanOutsArePacedEndsIt() async throws {
        // Ten agents at most: the leaves block until cancelled, so every fan-out above them is held back.
        let swarm = Swarm(backends: [echo], limits: SwarmLimits(liveAgentTarget: 10))
        let blocked = Atomic<Int>(0)
        @Sendable func agent(_ context: AgentContext, depth: Int) async throws -> Int {
            if depth == 0 {
                blocked.wrappingAdd(1, ordering: .relaxed)
                try await Task.sleep(for: .seconds(300))
                return 1
            }
            let children = (1...10).map { index in ChildAgent("n\(index)") { child in try await agent(child, depth: depth - 1) } }
            return try await context.spawnAll(children).reduce(0, +)
        }
        let run = Task { try await swarm.run { root in try await agent(root, depth: 3) } }
        let deadline = ContinuousClock.now + .seconds(60)
        while blocked.load(ordering: .relaxed) == 0 || swarm.stats.liveAgents < 10, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        run.cancel()
        await #expect(throws: CancellationError.self) { try await run.value }
        #expect(swarm.stats.liveAgents == 0)
    }
}
