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
        // 12 calls of >= 10 ms each: at least 120 ms of busy slot-time, and never more than two slots can give.
        #expect(telemetry.busySlotSeconds >= 0.12)
        #expect(telemetry.busySlotSeconds <= 2 * telemetry.elapsedSeconds, "busy time counted twice")
        #expect(telemetry.backoffSeconds == 0 && telemetry.backoffs == 0)
    }

    @Test func theBooksHoldTheBusyTimeTheyWereGiven() async throws {
        let gate = ModelGate(backend: ScriptedBackend(id: "books", slots: 2) { _ in ModelResponse(text: "ok") })
        let clock = ContinuousClock()
        try await gate.acquire()
        try await gate.acquire()
        // Holds that began 1.5 s and 0.25 s ago: the gate must book 1.75 s, whatever the clock did meanwhile.
        gate.release(busySince: clock.now - .milliseconds(1_500))
        gate.release(busySince: clock.now - .milliseconds(250))
        let telemetry = gate.telemetry
        #expect(telemetry.busySlotSeconds >= 1.75 && telemetry.busySlotSeconds < 1.75 + 0.5)
        #expect(telemetry.calls == 2 && telemetry.inFlight == 0)
        // The gate opened moments ago, so 1.75 s of busy time is more than its slots could have given: the idle
        // figure is clamped to 0 and utilisation to 1, rather than going negative or past 1.
        #expect(telemetry.elapsedSeconds < 1.75 / 2)
        #expect(telemetry.idleSlotSeconds == 0)
        #expect(telemetry.utilisation == 1)
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let gate = ModelGate(backend: ScriptedBackend(id: "one", slots: 1) { _ in ModelResponse(text: "ok") })
        try await gate.acquire()
        let holdStarted = ContinuousClock.now
        let waiter = Task { try await gate.acquire() }
        try await waitUntil("the second call is queued") { gate.telemetry.queued == 1 }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(gate.telemetry.queued == 0)
        gate.release(busySince: holdStarted)
        #expect(gate.telemetry.calls == 1)
        #expect(gate.telemetry.inFlight == 0, "the cancelled waiter was not handed the slot")
    }

    @Test func aCallCancelledDuringItsBackoffHoldsNoSlot() async throws {
        let backend = ScriptedBackend(id: "backoff", slots: 1) { _ in
            try await ModelBackoff.wait(for: .seconds(30))
            return ModelResponse(text: "never")
        }
        let gate = ModelGate(backend: backend)
        let call = Task { try await gate.withSlot { try await backend.complete(ModelRequest(messages: [.user("q")])) } }
        try await waitUntil("the call gives its slot back for its wait") { gate.telemetry.calls == 1 && gate.telemetry.inFlight == 0 }
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
        let telemetry = gate.telemetry
        #expect(telemetry.inFlight == 0, "the cancelled call took no slot again")
        #expect(telemetry.backoffs == 1 && telemetry.backoffSeconds < 30)
        try await gate.acquire()
        #expect(gate.telemetry.inFlight == 1 && gate.telemetry.calls == 2, "the slot is free for the next call")
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

/// Polls `condition` until it holds; records a failure naming `what` and throws if it does not within `limit`.
func waitUntil(_ what: String, within limit: Duration = .seconds(10), _ condition: () -> Bool) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    while !condition() {
        guard clock.now < deadline else {
            Issue.record("timed out after \(limit) waiting until \(what)")
            throw WaitTimedOut(what: what)
        }
        try await Task.sleep(for: .milliseconds(1))
    }
}

struct WaitTimedOut: Error {
    var what: String
}
