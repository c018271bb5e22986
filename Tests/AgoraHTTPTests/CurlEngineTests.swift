import AgoraTestSupport
import Foundation
import Testing
@testable import AgoraHTTP

@Suite struct CurlEngineTests {
    let server = FixtureServer.shared

    private func chatRequest(_ behaviour: String = "ok", key: String = UUID().uuidString, body: String? = nil, stream: Bool = false, timeouts: HTTPTimeouts = HTTPTimeouts()) -> HTTPRequest {
        let json = body ?? #"{"model":"m","stream":\#(stream),"messages":[{"role":"user","content":"hi"}]}"#
        return HTTPRequest(
            method: .post, url: server.baseURL + "/chat/completions",
            headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("X-Fixture", behaviour), HTTPHeader("X-Fixture-Key", key)],
            body: Data(json.utf8), timeouts: timeouts
        )
    }

    @Test func getsAndPostsOverOneKeptAliveConnection() async throws {
        let engine = CurlEngine()
        let key = UUID().uuidString
        let models = try await engine.send(HTTPRequest(url: server.baseURL + "/models"))
        #expect(models.status == 200)
        #expect(models.header("content-type") == "application/json")
        // A body over 1 KiB: without an empty Expect header libcurl would wait for 100-continue.
        let long = String(repeating: "word ", count: 2000)
        for _ in 0..<5 {
            let response = try await engine.send(chatRequest(key: key, body: #"{"model":"m","messages":[{"role":"user","content":"\#(long)"}]}"#))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self).contains("echo: word word"))
        }
        let log = try await server.log(key: key)
        #expect(log.count == 5)
        #expect(Set(log.map(\.port)).count == 1, "one connection, reused")
    }

    @Test func carriesManyRequestsAtOnceOnOneThread() async throws {
        let engine = CurlEngine()
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<200 { group.addTask { try await engine.send(chatRequest()).status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 200 && statuses.allSatisfy { $0 == 200 })
        #expect(engine.inFlight == 0)
    }

    @Test func streamsTheBodyInChunks() async throws {
        let engine = CurlEngine()
        let response = try await engine.stream(chatRequest(stream: true))
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/event-stream")
        var chunks = 0
        var text = Data()
        for try await chunk in response.body {
            chunks += 1
            text.append(chunk)
        }
        #expect(chunks > 1)
        #expect(String(decoding: text, as: UTF8.self).hasSuffix("data: [DONE]\n\n"))
    }

    @Test func reportsARefusedConnection() async {
        let engine = CurlEngine()
        await #expect { try await engine.send(HTTPRequest(url: deadBaseURL() + "/models")) } throws: { error in
            (error as? CurlError)?.kind == .couldNotConnect
        }
    }

    @Test func timesOutAServerThatNeverAnswers() async {
        let engine = CurlEngine()
        let start = ContinuousClock.now
        await #expect { try await engine.send(chatRequest("never", timeouts: HTTPTimeouts(connect: .seconds(2), request: .milliseconds(500)))) } throws: { error in
            (error as? CurlError)?.kind == .requestTimeout
        }
        // The server never answers: only the 0.5 s request timeout ends the call (generous bound for a loaded machine).
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test func detectsAStalledStream() async throws {
        let engine = CurlEngine()
        let response = try await engine.stream(chatRequest("stall", stream: true, timeouts: HTTPTimeouts(connect: .seconds(2), request: .seconds(20), stall: .seconds(1))))
        await #expect { for try await _ in response.body {} } throws: { error in
            (error as? CurlError)?.kind == .stalled
        }
    }

    @Test func cancellationRemovesTheTransferPromptly() async throws {
        let engine = CurlEngine()
        let task = Task { try await engine.send(chatRequest("never")) }
        let wait = ContinuousClock.now + .seconds(20)
        while engine.inFlight == 0, ContinuousClock.now < wait { try await Task.sleep(for: .milliseconds(5)) }
        #expect(engine.inFlight == 1)
        let start = ContinuousClock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        // Far sooner than the server would answer (never) or the request would time out.
        #expect(ContinuousClock.now - start < .seconds(60))
        #expect(engine.inFlight == 0)
    }

    @Test func abandoningAStreamCancelsIt() async throws {
        let engine = CurlEngine()
        do {
            let response = try await engine.stream(chatRequest("stall", stream: true))
            var iterator = response.body.makeAsyncIterator()
            _ = try await iterator.next()
            #expect(engine.inFlight == 1)
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while engine.inFlight > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(engine.inFlight == 0)
    }

    @Test func cancellingBeforeStartFailsAtOnce() async {
        let engine = CurlEngine()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await engine.send(chatRequest("never"))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func soakOfTenThousandRequestsKeepsMemoryFlat() async throws {
        let engine = CurlEngine()
        let request = chatRequest()
        func batch(_ count: Int) async throws {
            try await withThrowingTaskGroup(of: Void.self) { group in
                var sent = 0
                for _ in 0..<min(64, count) { group.addTask { _ = try await engine.send(request) }; sent += 1 }
                while try await group.next() != nil {
                    if sent < count { group.addTask { _ = try await engine.send(request) }; sent += 1 }
                }
            }
        }
        try await batch(1_000)
        // The resident size is the whole test process's, and other suites run at the same time: a leak grows it in
        // every round, their allocations only in some. So the least growth of three rounds of 3,000 is what counts
        // (a leak of 1 KiB a request would add 3 MiB to each).
        var growths: [Int] = []
        for _ in 0..<3 {
            let before = residentBytes()
            try await batch(3_000)
            growths.append(residentBytes() - before)
        }
        #expect(growths.min()! < 2 << 20, "RSS grew by \(growths.map { $0 / 1024 }) KiB over three rounds of 3,000 requests")
        #expect(engine.inFlight == 0)
    }
}
