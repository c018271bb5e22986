import AgoraCore
import AgoraRuntime
import AgoraTestKit
import Synchronization
import Testing

/// Counts how many requests it serves at once.
final class ConcurrencyProbe: Sendable {
    let current = Atomic<Int>(0)
    let peak = Atomic<Int>(0)

    func backend(slots: Int, delay: Duration) -> ScriptedBackend {
        ScriptedBackend(id: "probe", slots: slots) { [self] _ in
            let now = current.wrappingAdd(1, ordering: .relaxed).newValue
            var seen = peak.load(ordering: .relaxed)
            while now > seen {
                let (done, original) = peak.compareExchange(expected: seen, desired: now, ordering: .relaxed)
                if done { break }
                seen = original
            }
            defer { current.wrappingSubtract(1, ordering: .relaxed) }
            try await Task.sleep(for: delay)
            return ModelResponse(text: "ok")
        }
    }
}

@Suite struct ModelGateTests {
    @Test func noMoreCallsInFlightThanTheBackendsSlots() async throws {
        let probe = ConcurrencyProbe()
        let swarm = Swarm(backends: [probe.backend(slots: 2, delay: .milliseconds(10))])
        try await swarm.run { root in
            _ = try await root.map(Array(0..<12), name: "asker") { context, _ in
                try await context.ask(ModelRequest(messages: [.user("x")]))
            }
        }
        #expect(probe.peak.load(ordering: .relaxed) == 2)
        let telemetry = try #require(swarm.gate(for: "probe")?.telemetry)
        #expect(telemetry.calls == 12)
        #expect(telemetry.inFlight == 0)
        #expect(telemetry.peakQueued >= 1)
        // 12 calls of >= 10 ms each: at least 120 ms of busy slot-time.
        #expect(telemetry.busySlotSeconds >= 0.12)
        #expect(telemetry.utilisation > 0 && telemetry.utilisation <= 1)
        #expect(telemetry.idleSlotSeconds >= 0)
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let probe = ConcurrencyProbe()
        let gate = ModelGate(backend: probe.backend(slots: 1, delay: .milliseconds(300)))
        let holder = Task { try await gate.complete(ModelRequest(messages: [.user("first")])) }
        while gate.telemetry.inFlight == 0 { try await Task.sleep(for: .milliseconds(1)) }
        let waiter = Task { try await gate.complete(ModelRequest(messages: [.user("second")])) }
        while gate.telemetry.queued == 0 { try await Task.sleep(for: .milliseconds(1)) }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(gate.telemetry.queued == 0)
        _ = try await holder.value
        #expect(gate.telemetry.calls == 1)
        #expect(gate.telemetry.inFlight == 0)
    }

    @Test func traceEventsFollowEachAgentAndModelCall() async throws {
        let sink = RecordingTraceSink()
        let model = ScriptedBackend(responses: [ModelResponse(text: "a", usage: TokenUsage(inputTokens: 5, outputTokens: 1))])
        let swarm = Swarm(runID: "r1", backends: [model], trace: sink)
        try await swarm.run { root in
            _ = try await root.spawn("child") { child in try await child.ask(ModelRequest(messages: [.user("q")])) }
        }
        let kinds = sink.recorded.map { "\($0.path) \($0.kind)" }
        #expect(sink.recorded.allSatisfy { $0.runID == "r1" })
        #expect(kinds.first == "root agentStarted(name: \"root\")")
        #expect(kinds.contains("root/child modelCallQueued(backend: \"test\")"))
        let finished = sink.recorded.compactMap { event -> TokenUsage? in
            if case .modelCallFinished(_, let usage, _, let failed) = event.kind, !failed { return usage }
            return nil
        }
        #expect(finished == [TokenUsage(inputTokens: 5, outputTokens: 1)])
        let outcomes = sink.recorded.compactMap { event -> AgentOutcome? in
            if case .agentFinished(let outcome, _) = event.kind { return outcome }
            return nil
        }
        #expect(outcomes == [.succeeded, .succeeded])
    }
}
