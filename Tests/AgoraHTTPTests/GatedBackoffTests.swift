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

    @Test func aRetryAfterWaitIsBookedAsBackoffNotBusy() async throws {
        let key = UUID().uuidString
        let backend = busyOnceBackend(key: key)
        let swarm = Swarm(backends: [backend])
        let answer = try await swarm.run { root in try await root.ask(question).text }
        #expect(answer == "echo: hello there")
        let log = try await server.log(key: key)
        #expect(log.count == 2)
        #expect(log[1].time - log[0].time >= 0.95, "waited for Retry-After")
        let telemetry = try #require(swarm.gate(for: backend.id)?.telemetry)
        #expect(telemetry.calls == 1, "a retry is not a second call")
        #expect(telemetry.backoffs == 1)
        #expect(telemetry.backoffSeconds >= 0.95)
        // Two loopback exchanges take milliseconds; with the wait inside the slot this would be over a second.
        #expect(telemetry.busySlotSeconds < 0.5, "busy \(telemetry.busySlotSeconds) s includes the backoff")
        #expect(telemetry.inFlight == 0)
    }

    @Test func anotherCallUsesTheSlotWhileTheFirstBacksOff() async throws {
        let key = UUID().uuidString
        let backend = busyOnceBackend(key: key)
        let gate = ModelGate(backend: backend, slots: 1)
        let first = Task { try await gate.withSlot { try await backend.complete(question) } }
        try await waitUntilLogged(key: key, count: 1)
        let second = try await gate.withSlot { try await backend.complete(question) }
        #expect(second.text == "echo: hello there")
        #expect(try await first.value.text == "echo: hello there")
        let log = try await server.log(key: key)
        #expect(log.count == 3)
        // The second call's request went out during the first one's one-second wait, not after it.
        #expect(log[1].time - log[0].time < 0.9, "the second call waited for the first one's backoff")
        #expect(log[2].time - log[0].time >= 0.95, "the first call still waited out its Retry-After")
        let telemetry = gate.telemetry
        #expect(telemetry.calls == 2 && telemetry.backoffs == 1)
        #expect(telemetry.busySlotSeconds < 0.5)
    }

    func waitUntilLogged(key: String, count: Int, within limit: Duration = .seconds(10)) async throws {
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
