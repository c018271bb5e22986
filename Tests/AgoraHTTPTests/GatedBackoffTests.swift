import AgoraCore
import AgoraRuntime
import AgoraTestSupport
import Foundation
import Testing
@testable import AgoraHTTP

/// A real HTTP back end behind a model gate, against the fixture server: a 429's `Retry-After` wait happens with
/// the gate's slot given back, so the books show it as backoff and not as busy back-end time.
@Suite struct GatedBackoffTests {
    let server = FixtureServer.shared
    let question = ModelRequest(messages: [.user("hello there")])

    /// The first request under the key gets a 429 asking for a one-second wait; every later one is answered.
    func busyOnceBackend(key: String) -> OpenAIBackend {
        fixtureBackend(["X-Fixture": "status", "X-Fixture-Status": "429", "X-Fixture-Retry-After": "1", "X-Fixture-Fail": "1"], key: key, slots: 1)
    }

    /// Timing on a loaded two-core machine is not asserted against fixed bounds: the books must add up instead. The
    /// slot's busy time and the backoff happen one after the other within the call, so together they fit in its wall
    /// time; were the wait inside the slot, busy time alone would cover it and the sum would pass it by the backoff.
    @Test func aRetryAfterWaitIsBookedAsBackoffNotBusy() async throws {
        let key = UUID().uuidString
        let backend = busyOnceBackend(key: key)
        let swarm = Swarm(backends: [backend])
        let started = ContinuousClock.now
        let answer = try await swarm.run { root in try await root.ask(question).text }
        let elapsed = (ContinuousClock.now - started) / .seconds(1)
        #expect(answer == "echo: hello there")
        let log = try await server.log(key: key)
        #expect(log.count == 2)
        #expect(log[1].time - log[0].time >= 0.95, "waited for Retry-After")
        let telemetry = try #require(swarm.gate(for: backend.id)?.telemetry)
        #expect(telemetry.calls == 1, "a retry is not a second call")
        #expect(telemetry.backoffs == 1)
        #expect(telemetry.backoffSeconds >= 0.95)
        #expect(telemetry.busySlotSeconds + telemetry.backoffSeconds <= elapsed + 0.05,
                "busy \(telemetry.busySlotSeconds) s + backoff \(telemetry.backoffSeconds) s > the call's \(elapsed) s: busy includes the backoff")
        #expect(telemetry.inFlight == 0)
    }

    /// One slot: a second call made while the first waits out its 429 goes out before the first one's retry (with the
    /// slot held through the wait, it would go out after it). Told apart by their messages, not by timing.
    @Test func anotherCallUsesTheSlotWhileTheFirstBacksOff() async throws {
        let key = UUID().uuidString
        let backend = fixtureBackend(["X-Fixture": "status", "X-Fixture-Status": "429", "X-Fixture-Retry-After": "2", "X-Fixture-Fail": "1"], key: key, slots: 1)
        let gate = ModelGate(backend: backend, slots: 1)
        let first = Task { try await gate.withSlot { try await backend.complete(question) } }
        try await waitUntilLogged(key: key, count: 1)
        let second = try await gate.withSlot { try await backend.complete(ModelRequest(messages: [.user("second call")])) }
        #expect(second.text == "echo: second call")
        #expect(try await first.value.text == "echo: hello there")
        let log = try await server.log(key: key)
        let order = log.map { ($0.body ?? "").contains("second call") ? "second" : "first" }
        #expect(order == ["first", "second", "first"], "the second call waited for the first one's backoff: \(order)")
        #expect(log.count == 3 && log[2].time - log[0].time >= 1.95, "the first call still waited out its Retry-After")
        let telemetry = gate.telemetry
        #expect(telemetry.calls == 2 && telemetry.backoffs == 1)
        #expect(telemetry.inFlight == 0)
    }

    func waitUntilLogged(key: String, count: Int, within limit: Duration = .seconds(60)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while try await server.log(key: key).count < count {
            guard clock.now < deadline else {
                Issue.record("the fixture server saw fewer than \(count) requests within \(limit)")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
