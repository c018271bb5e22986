import AgoraCore
import AgoraTestSupport
import Foundation
import Testing
@testable import AgoraHTTP

/// The bounds on what a server can make us hold or wait for: a body that never ends, a server that drips, a
/// `Retry-After` that is nonsense. Against the fixture server, over loopback.
@Suite struct ResponseLimitTests {
    let server = FixtureServer.shared

    private func chatRequest(_ behaviour: String, stream: Bool = false, timeouts: HTTPTimeouts = HTTPTimeouts(connect: .seconds(2), request: .seconds(60), stall: .seconds(10)), maxBytes: Int) -> HTTPRequest {
        HTTPRequest(
            method: .post, url: server.baseURL + "/chat/completions",
            headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("X-Fixture", behaviour)],
            body: Data(#"{"model":"m","stream":\#(stream),"messages":[{"role":"user","content":"hi"}]}"#.utf8),
            timeouts: timeouts, maxResponseBytes: maxBytes
        )
    }

    @Test func anEndlessBodyFailsAtTheCapAndNamesIt() async throws {
        let engine = CurlEngine()
        await #expect { try await engine.send(chatRequest("endless", maxBytes: 4 << 20)) } throws: { error in
            guard let error = error as? CurlError else { return false }
            return error.kind == .tooLarge
                && error.message == "the response body passed the 4 MiB limit (set AGORA_MAX_RESPONSE_BYTES to raise it)"
        }
        #expect(engine.inFlight == 0)
    }

    @Test func anEndlessStreamFailsAtTheCapToo() async throws {
        let engine = CurlEngine()
        let response = try await engine.stream(chatRequest("endless", stream: true, maxBytes: 4 << 20))
        var received = 0
        await #expect {
            for try await chunk in response.body { received += chunk.count }
        } throws: { error in
            (error as? CurlError)?.kind == .tooLarge
        }
        #expect(received <= 4 << 20, "no byte past the cap is delivered")
    }

    @Test func theBackEndReportsTheCapAsAFailedAnswer() async throws {
        var configuration = OpenAIConfiguration(model: "m", baseURLs: [server.baseURL], headers: [HTTPHeader("X-Fixture", "endless")])
        configuration.maxResponseBytes = 1 << 20
        configuration.retry = .none
        let backend = OpenAIBackend(configuration)
        await #expect { try await backend.complete(ModelRequest(messages: [.user("hi")])) } throws: { error in
            "\(error)".hasSuffix("no answer: the response body passed the 1 MiB limit (set AGORA_MAX_RESPONSE_BYTES to raise it)")
        }
    }

    @Test func aServerDrippingAByteASecondStallsInsteadOfHoldingTheRequest() async throws {
        let engine = CurlEngine()
        let start = ContinuousClock.now
        // 1 byte a second passes the old test (any byte at all) for the whole request limit; 16 bytes/s does not.
        let timeouts = HTTPTimeouts(connect: .seconds(2), request: .seconds(120), stall: .seconds(2), minimumSpeed: 16)
        await #expect { try await engine.send(chatRequest("drip", timeouts: timeouts, maxBytes: 1 << 20)) } throws: { error in
            guard let error = error as? CurlError else { return false }
            return error.kind == .stalled && error.message.contains("16 bytes/sec")
        }
        #expect(ContinuousClock.now - start < .seconds(30), "ended by the 2 s stall limit, far before the 120 s request limit")
    }

    @Test(arguments: ["-99999999999999999999", "-1", "1.5", "soon", "0x10", "+3", "", "Tue, 14 Nov 2023 22:13:30 PST"])
    func aMalformedRetryAfterIsIgnored(value: String) {
        #expect(RetryPolicy.parseRetryAfter(value) == nil)
    }

    @Test func retryAfterTakesItsThreeDateFormsAndHugeNumbers() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT
        #expect(RetryPolicy.parseRetryAfter("Tue, 14 Nov 2023 22:13:30 GMT", now: now) == 10)
        #expect(RetryPolicy.parseRetryAfter("Tuesday, 14-Nov-23 22:13:30 GMT", now: now) == 10)
        #expect(RetryPolicy.parseRetryAfter("Tue Nov 14 22:13:30 2023", now: now) == 10)
        #expect(RetryPolicy.parseRetryAfter("Tue, 14 Nov 2023 22:00:00 GMT", now: now) == 0, "a date past is now")
        #expect(RetryPolicy.parseRetryAfter("99999999999999999999") == 1e20, "huge stays huge, so it is seen to pass the bound")
        #expect(RetryPolicy.parseRetryAfter("120") == 120)
    }

    @Test func retryAfterIsClampedToThePolicysBounds() {
        let policy = RetryPolicy(maxAttempts: 4, baseDelay: 0.5, maxDelay: 20, maxRetryAfter: 60)
        #expect(policy.delay(beforeRetry: 1, retryAfter: 0) == 0.5, "a 0 does not make a burst")
        #expect(policy.delay(beforeRetry: 1, retryAfter: 1e20) == 60)
        #expect(policy.delay(beforeRetry: 1, retryAfter: 7) == 7)
    }

    @Test func aNegativeRetryAfterBacksOffInsteadOfHammering() async throws {
        let key = UUID().uuidString
        let backend = fixtureBackend(
            ["X-Fixture": "status", "X-Fixture-Status": "429", "X-Fixture-Retry-After": "-99999999999999999999", "X-Fixture-Fail": "2"],
            key: key, retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.4, maxDelay: 2)
        )
        _ = try await backend.complete(ModelRequest(messages: [.user("hi")]))
        let log = try await server.log(key: key)
        #expect(log.count == 3)
        // Backoff waits at least half its step: 0.2 s, then 0.4 s. A Retry-After read as 0 waited nothing.
        #expect(log[1].time - log[0].time >= 0.19)
        #expect(log[2].time - log[1].time >= 0.39)
    }
}
