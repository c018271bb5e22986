import AgoraCore
import Foundation

/// A failure worth another attempt (on this endpoint after a wait, or on another one at once).
struct RetryableFailure: Error {
    var outcome: EndpointBalancer.Outcome
    var retryAfter: Double?
    /// The error to report if no attempt is left, given the number of attempts made.
    var error: @Sendable (Int) -> HTTPBackendError
}

/// A 200 stream that ended without a single event. llama-cpp-python does this when the prompt overflows the
/// context (it fails after sending the head); asking again without streaming gets the real answer or error.
struct EmptyStream: Error {
    var endpoint: String
}

private let clockOrigin = ContinuousClock.now

func monotonicSeconds() -> Double {
    (ContinuousClock.now - clockOrigin).inSeconds
}

extension OpenAIBackend {
    /// Runs `attempt` on an endpoint chosen by the balancer, again on `RetryableFailure` as the policy allows.
    func withEndpoint<T: Sendable>(_ attempt: (String) async throws -> T) async throws -> T {
        let policy = configuration.retry
        var avoiding: Set<Int> = []
        var attempts = 0
        while true {
            try Task.checkCancellation()
            attempts += 1
            let index = balancer.withLock { $0.acquire(now: monotonicSeconds(), avoiding: avoiding) }
            do {
                let value = try await attempt(endpoints[index])
                balancer.withLock { $0.release(index, outcome: .success, now: monotonicSeconds()) }
                return value
            } catch let failure as RetryableFailure {
                let now = monotonicSeconds()
                let otherUp = balancer.withLock { balancer in
                    balancer.release(index, outcome: failure.outcome, now: now)
                    return balancer.endpoints.indices.contains { $0 != index && !avoiding.contains($0) && balancer.isUp($0, now: now) }
                }
                avoiding.insert(index)
                if avoiding.count == endpoints.count { avoiding.removeAll() }
                if attempts >= policy.maxAttempts { throw failure.error(attempts) }
                if let retryAfter = failure.retryAfter, retryAfter > policy.maxRetryAfter, !otherUp {
                    throw failure.error(attempts)
                }
                if !otherUp {
                    let wait = policy.delay(beforeRetry: attempts, retryAfter: failure.retryAfter)
                    // Through ModelBackoff, not a plain sleep: a model gate gives the call's slot back meanwhile,
                    // so that waiting out a busy server is not booked as the back end's busy time.
                    try await ModelBackoff.wait(for: .nanoseconds(Int64(wait * 1e9)))
                }
            } catch {
                let outcome: EndpointBalancer.Outcome
                switch error as? HTTPBackendError {
                case .contextLengthExceeded?, .authenticationFailed?, .rejected?: outcome = .success
                default: outcome = .neutral
                }
                balancer.withLock { $0.release(index, outcome: outcome, now: monotonicSeconds()) }
                throw error
            }
        }
    }

    /// One buffered exchange; a non-2xx status becomes the matching error.
    func send(_ request: HTTPRequest, endpoint: String) async throws -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try await engine.send(request)
        } catch let error as CurlError {
            throw transportFailure(error, endpoint: endpoint)
        }
        guard (200..<300).contains(response.status) else {
            throw statusFailure(status: response.status, body: response.body, retryAfter: response.header("Retry-After"), endpoint: endpoint)
        }
        return response
    }

    func decode(_ response: HTTPResponse, endpoint: String) throws -> ModelResponse {
        do {
            return try OpenAIWire.decodeResponse(response.body)
        } catch {
            throw bodyError(response.body, status: response.status, endpoint: endpoint)
        }
    }

    /// One streamed exchange. Failures before the first event may be retried; after it they are final.
    func streamAttempt(body: Data, endpoint: String, onText: (String) -> Void) async throws -> ModelResponse {
        let request = HTTPRequest(method: .post, url: endpoint + "/chat/completions", headers: streamHeaders, body: body, timeouts: configuration.timeouts, maxResponseBytes: configuration.maxResponseBytes)
        let response: HTTPStreamingResponse
        do {
            response = try await engine.stream(request)
        } catch let error as CurlError {
            throw transportFailure(error, endpoint: endpoint)
        }
        guard (200..<300).contains(response.status) else {
            let errorBody = (try? await response.collect()) ?? Data()
            throw statusFailure(status: response.status, body: errorBody, retryAfter: response.header("Retry-After"), endpoint: endpoint)
        }
        var parser = SSEParser()
        var accumulator = StreamAccumulator()
        var done = false
        var sawEvent = false
        func handle(_ events: [SSEEvent]) throws {
            for event in events where !done {
                if event.data == "[DONE]" { done = true; return }
                sawEvent = true
                // The substring test first: it spares every ordinary chunk a second JSON decode.
                if event.data.contains("\"error\""), let error = OpenAIWire.decodeError(Data(event.data.utf8)) {
                    throw HTTPBackendError.rejected(endpoint: redactedURL(endpoint), status: response.status, message: scrub(error.message))
                }
                let chunk: OpenAIWire.StreamChunk
                do {
                    chunk = try OpenAIWire.decodeChunk(event.data)
                } catch {
                    throw HTTPBackendError.malformedResponse(endpoint: redactedURL(endpoint), status: response.status, reason: "bad stream event: \(scrub(String(event.data.prefix(200))))")
                }
                if let text = accumulator.add(chunk) { onText(text) }
            }
        }
        do {
            for try await chunk in response.body {
                try handle(parser.feed(chunk))
                if done { break }
            }
            if !done { try handle(parser.finish()) }
        } catch let error as CurlError {
            switch error.kind {
            case .stalled, .requestTimeout, .connectTimeout:
                throw HTTPBackendError.timedOut(endpoint: redactedURL(endpoint), kind: error.kind, reason: scrub(error.message))
            default:
                throw HTTPBackendError.streamCut(endpoint: redactedURL(endpoint), reason: scrub(error.message))
            }
        }
        try Task.checkCancellation()
        if !done && accumulator.finishReason == nil {
            if !sawEvent { throw EmptyStream(endpoint: endpoint) }
            throw HTTPBackendError.streamCut(endpoint: redactedURL(endpoint), reason: "the stream ended before its last event")
        }
        return accumulator.response
    }

    func transportFailure(_ error: CurlError, endpoint: String) -> any Error {
        let reason = scrub(error.message)
        switch error.kind {
        case .tooLarge:
            return HTTPBackendError.noAnswer(endpoint: redactedURL(endpoint), reason: error.message)
        case .couldNotConnect, .connectTimeout:
            return RetryableFailure(outcome: .failure, retryAfter: nil) { attempts in
                .unreachable(endpoint: redactedURL(endpoint), reason: reason, attempts: attempts)
            }
        case .connectionLost:
            return RetryableFailure(outcome: .failure, retryAfter: nil) { _ in
                .noAnswer(endpoint: redactedURL(endpoint), reason: reason)
            }
        case .requestTimeout, .stalled:
            return HTTPBackendError.timedOut(endpoint: redactedURL(endpoint), kind: error.kind, reason: scrub(error.message))
        case .other:
            return HTTPBackendError.noAnswer(endpoint: redactedURL(endpoint), reason: scrub(error.message))
        }
    }

    func statusFailure(status: Int, body: Data, retryAfter: String?, endpoint: String) -> any Error {
        let apiError = OpenAIWire.decodeError(body)
        let message = scrub(apiError?.message ?? (looksLikeHTML(body) ? "an HTML page" : OpenAIWire.snippet(body)))
        if apiError?.isContextLengthExceeded == true {
            return HTTPBackendError.contextLengthExceeded(endpoint: redactedURL(endpoint), message: message)
        }
        switch status {
        case 401, 403:
            return HTTPBackendError.authenticationFailed(endpoint: redactedURL(endpoint), status: status, keyVariable: configuration.apiKeyVariable, keyWasSet: apiKey != nil, message: message
            )
        case 429, 500...599:
            let delay = RetryPolicy.parseRetryAfter(retryAfter)
            return RetryableFailure(outcome: status == 429 ? .busy(retryAfter: delay) : .failure, retryAfter: delay) { attempts in
                .serverError(endpoint: redactedURL(endpoint), status: status, message: message, attempts: attempts)
            }
        default:
            if apiError == nil, looksLikeHTML(body) { return HTTPBackendError.htmlResponse(endpoint: redactedURL(endpoint), status: status) }
            return HTTPBackendError.rejected(endpoint: redactedURL(endpoint), status: status, message: message)
        }
    }

    func bodyError(_ body: Data, status: Int, endpoint: String) -> HTTPBackendError {
        if looksLikeHTML(body) { return .htmlResponse(endpoint: redactedURL(endpoint), status: status) }
        if body.isEmpty { return .malformedResponse(endpoint: redactedURL(endpoint), status: status, reason: "empty body") }
        return .malformedResponse(endpoint: redactedURL(endpoint), status: status, reason: scrub(OpenAIWire.snippet(body)))
    }

    /// Server messages may quote the key back (OpenAI does, partly), or a URL's password or a credential header:
    /// never let them through.
    func scrub(_ text: String) -> String {
        redactor.redact(String(text.prefix(500)))
    }

    private func looksLikeHTML(_ body: Data) -> Bool {
        let start = body.prefix(64).drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        return start.first == UInt8(ascii: "<")
    }
}
