import AgoraCore
import AgoraTestSupport
import Foundation
import Testing
@testable import AgoraHTTP

@Suite struct OpenAIBackendTests {
    let server = FixtureServer.shared
    let question = ModelRequest(messages: [.system("be brief"), .user("hello there")])
    let toolQuestion = ModelRequest(messages: [.user("find swift")], tools: toolSpecs)

    @Test func answersWithTextAndUsage() async throws {
        let backend = fixtureBackend()
        #expect(backend.id == "openai:fixture-model")
        let response = try await backend.complete(question)
        #expect(response == ModelResponse(text: "echo: hello there", finishReason: .stop, usage: TokenUsage(inputTokens: 4, outputTokens: 3)))
        #expect(try await backend.models() == ["fixture-model"])
    }

    @Test func sendsExactlyTheEncodedRequest() async throws {
        let backend = fixtureBackend(["X-Fixture": "echo-request"])
        let request = ModelRequest(
            messages: [.user("q"), .assistant("", toolCalls: [ToolCall(id: "c", name: "search", arguments: "{}")]), .tool("r", callID: "c")],
            tools: toolSpecs, maxOutputTokens: 9, temperature: 0.5, stop: ["x"]
        )
        let echoed = try await backend.complete(request).text
        let sent = try JSONDecoder().decode(JSONValue.self, from: Data(echoed.utf8))
        let encoded = try JSONDecoder().decode(JSONValue.self, from: OpenAIWire.encodeRequest(request, model: "fixture-model"))
        #expect(sent == encoded)
        #expect(sent["max_tokens"] == 9 && sent["temperature"] == 0.5)
    }

    @Test func returnsToolCalls() async throws {
        let response = try await fixtureBackend(["X-Fixture": "tools"]).complete(toolQuestion)
        #expect(response.finishReason == .toolCalls)
        #expect(response.toolCalls.map(\.name) == ["search", "lookup"])
        #expect(response.toolCalls[0].arguments == #"{"q": "find swift", "n": 0}"#)
    }

    @Test func streamsTextThenTheWholeAnswerWithUsage() async throws {
        var pieces: [String] = []
        var final: ModelResponse?
        for try await event in fixtureBackend().stream(question) {
            switch event {
            case .text(let text): pieces.append(text)
            case .finished(let response): final = response
            }
        }
        #expect(pieces.joined() == "echo: hello there")
        #expect(pieces.count == 3)
        #expect(final == ModelResponse(text: "echo: hello there", finishReason: .stop, usage: TokenUsage(inputTokens: 4, outputTokens: 3)))
    }

    @Test func assemblesStreamedToolCalls() async throws {
        let response = try await fixtureBackend(["X-Fixture": "tools"], stream: true).complete(toolQuestion)
        #expect(response.toolCalls == [
            ToolCall(id: "call_0", name: "search", arguments: #"{"q": "find swift", "n": 0}"#),
            ToolCall(id: "call_1", name: "lookup", arguments: #"{"q": "find swift", "n": 1}"#),
        ])
        #expect(response.finishReason == .toolCalls)
    }

    @Test(arguments: [false, true]) func recognisesAToolCallPrintedAsText(stream: Bool) async throws {
        let response = try await fixtureBackend(["X-Fixture": "text-tool"], stream: stream).complete(toolQuestion)
        #expect(response.toolCalls == [ToolCall(id: "call_text_0", name: "search", arguments: #"{"q":"find swift"}"#)])
        #expect(response.text == "" && response.finishReason == .toolCalls)
    }

    @Test func retriesA429AfterItsRetryAfter() async throws {
        let key = UUID().uuidString
        let backend = fixtureBackend(["X-Fixture": "status", "X-Fixture-Status": "429", "X-Fixture-Retry-After": "1", "X-Fixture-Fail": "1"], key: key)
        let response = try await backend.complete(question)
        #expect(response.text == "echo: hello there")
        let log = try await server.log(key: key)
        #expect(log.count == 2)
        #expect(log[1].time - log[0].time >= 0.95, "waited for Retry-After")
    }

    @Test(arguments: [false, true]) func retries5xxWithBackoff(stream: Bool) async throws {
        let key = UUID().uuidString
        let backend = fixtureBackend(["X-Fixture": "status", "X-Fixture-Status": "503", "X-Fixture-Fail": "2"], key: key, stream: stream)
        #expect(try await backend.complete(question).text == "echo: hello there")
        let log = try await server.log(key: key)
        #expect(log.count == 3)
        // Full jitter over the upper half of each exponential step: the waits are at least 25 ms, then 50 ms.
        // (Only lower bounds: a loaded machine may stretch any wait, never shorten it.)
        #expect(log[1].time - log[0].time >= 0.025, "waited before the first retry")
        #expect(log[2].time - log[1].time >= 0.05, "waited longer before the second retry")
    }

    @Test func givesUpAfterTheLastAttempt() async throws {
        let key = UUID().uuidString
        let backend = fixtureBackend(["X-Fixture": "status", "X-Fixture-Status": "500"], key: key)
        await #expect { try await backend.complete(question) } throws: { error in
            guard case .serverError(let endpoint, 500, _, 3)? = error as? HTTPBackendError else { return false }
            return endpoint == server.baseURL
        }
        #expect(try await server.log(key: key).count == 3)
    }

    @Test func doesNotRetry401AndNamesTheVariableButNotTheKey() async throws {
        let key = UUID().uuidString
        let secret = "sk-test-very-secret-0123456789"
        let backend = fixtureBackend(
            ["X-Fixture": "status", "X-Fixture-Status": "401"], key: key,
            environment: ["MY_LLM_KEY": secret], keyVariable: "MY_LLM_KEY"
        )
        do {
            _ = try await backend.complete(question)
            Issue.record("expected a failure")
        } catch {
            let text = "\(error)" + String(reflecting: error)
            #expect(text.contains("MY_LLM_KEY"))
            #expect(!text.contains(secret))
            guard case .authenticationFailed(_, 401, "MY_LLM_KEY", true, _)? = error as? HTTPBackendError else {
                Issue.record("wrong error \(error)")
                return
            }
        }
        let log = try await server.log(key: key)
        #expect(log.count == 1)
        #expect(log[0].authorization)
    }

    @Test func sendsNoAuthorizationWithoutAKey() async throws {
        let key = UUID().uuidString
        let backend = fixtureBackend(["X-Fixture": "status", "X-Fixture-Status": "401"], key: key)
        await #expect { try await backend.complete(question) } throws: { error in
            "\(error)".contains("set the environment variable AGORA_TEST_KEY")
        }
        #expect(try await server.log(key: key).map(\.authorization) == [false])
    }

    @Test(arguments: ["404", "400", "403"]) func doesNotRetryClientErrors(status: String) async throws {
        let key = UUID().uuidString
        await #expect(throws: HTTPBackendError.self) {
            try await fixtureBackend(["X-Fixture": "status", "X-Fixture-Status": status], key: key).complete(question)
        }
        #expect(try await server.log(key: key).count == 1)
    }

    @Test(arguments: [false, true]) func reportsContextOverflowAsItsOwnError(stream: Bool) async throws {
        let key = UUID().uuidString
        await #expect { try await fixtureBackend(["X-Fixture": "context"], key: key, stream: stream).complete(question) } throws: { error in
            (error as? HTTPBackendError)?.isContextLengthExceeded == true
        }
        #expect(try await server.log(key: key).count == 1)
    }

    @Test func asksAgainUnstreamedAfterAnEmptyStream() async throws {
        let key = UUID().uuidString
        await #expect { try await fixtureBackend(["X-Fixture": "empty-stream"], key: key, stream: true).complete(question) } throws: { error in
            (error as? HTTPBackendError)?.isContextLengthExceeded == true
        }
        let bodies = try await server.log(key: key).compactMap(\.body)
        #expect(bodies.map { $0.contains("\"stream\":true") } == [true, false])
    }

    @Test func typesMalformedHTMLCutAndSilentAnswers() async throws {
        await #expect { try await fixtureBackend(["X-Fixture": "malformed"]).complete(question) } throws: { error in
            guard case .malformedResponse(let endpoint, 200, _)? = error as? HTTPBackendError else { return false }
            return endpoint == server.baseURL
        }
        await #expect { try await fixtureBackend(["X-Fixture": "html"]).complete(question) } throws: { error in
            if case .htmlResponse(_, 200)? = error as? HTTPBackendError { return true }
            return false
        }
        await #expect { try await fixtureBackend(["X-Fixture": "cut"], stream: true).complete(question) } throws: { error in
            if case .streamCut? = error as? HTTPBackendError { return true }
            return false
        }
        let timeouts = HTTPTimeouts(connect: .seconds(2), request: .milliseconds(500), stall: .seconds(5))
        await #expect { try await fixtureBackend(["X-Fixture": "never"], timeouts: timeouts).complete(question) } throws: { error in
            if case .timedOut(_, .requestTimeout, _)? = error as? HTTPBackendError { return true }
            return false
        }
    }

    @Test func retriesAnHTMLBadGatewayThenReportsIt() async throws {
        let key = UUID().uuidString
        await #expect { try await fixtureBackend(["X-Fixture": "html", "X-Fixture-Status": "502"], key: key).complete(question) } throws: { error in
            guard case .serverError(_, 502, let message, 3)? = error as? HTTPBackendError else { return false }
            return message == "an HTML page"
        }
    }

    @Test func spreadsRequestsOverEndpoints() async throws {
        let key = UUID().uuidString
        let port = server.port
        let backend = fixtureBackend(baseURLs: ["http://127.0.0.1:\(port)/a/v1", "http://127.0.0.1:\(port)/b/v1"], key: key, slots: 2)
        #expect(backend.slots == 4)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 { group.addTask { _ = try await backend.complete(self.question) } }
            try await group.waitForAll()
        }
        let paths = try await server.log(key: key).map(\.path)
        let onA = paths.filter { $0.hasPrefix("/a/") }.count
        #expect(paths.count == 40)
        #expect(onA >= 10 && onA <= 30, "\(onA) of 40 on the first endpoint")
    }

    @Test func completesWithOneDeadEndpointAndTakesItOut() async throws {
        let key = UUID().uuidString
        // A cooldown far longer than the test: however slow a loaded machine makes the 20 requests, the dead
        // endpoint, once taken out, is not tried again.
        let backend = fixtureBackend(baseURLs: [deadBaseURL(), server.baseURL], key: key, retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.05),
                                     cooldown: 120)
        for _ in 0..<20 {
            #expect(try await backend.complete(question).text == "echo: hello there")
        }
        #expect(try await server.log(key: key).count == 20)
        let dead = backend.balancer.withLock { $0.endpoints[0] }
        #expect(dead.consecutiveFailures <= 2, "tried again only after its cooldown")
    }

    @Test func failsWithTheEndpointWhenAllAreDead() async throws {
        let dead = deadBaseURL()
        let backend = fixtureBackend(baseURLs: [dead], retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01))
        await #expect { try await backend.complete(question) } throws: { error in
            guard case .unreachable(let endpoint, _, 2)? = error as? HTTPBackendError else { return false }
            return endpoint == dead
        }
    }

    @Test func cancellationStopsARequestPromptly() async throws {
        let backend = fixtureBackend(["X-Fixture": "never"], timeouts: HTTPTimeouts(connect: .seconds(5), request: .seconds(300), stall: .seconds(300)))
        let task = Task { try await backend.complete(question) }
        try await Task.sleep(for: .milliseconds(200))
        let start = ContinuousClock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        // Far sooner than the 300 s request timeout: cancellation, not the timeout, ended it (generous bound for a
        // loaded machine).
        #expect(ContinuousClock.now - start < .seconds(60))
    }
}
