import AgoraCore
import Foundation
import Synchronization

/// A piece of a streamed answer.
public enum ModelStreamEvent: Sendable, Hashable {
    /// Text as the model writes it.
    case text(String)
    /// The whole answer, once the stream has ended cleanly.
    case finished(ModelResponse)
}

/// A back end for any server that speaks OpenAI-compatible chat completions: llama.cpp server, Ollama, vLLM,
/// LM Studio, OpenAI. Its id is `openai:<model>`.
///
/// ```swift
/// let backend = OpenAIBackend(OpenAIConfiguration(model: "llama3", baseURLs: ["http://127.0.0.1:8080/v1"]))
/// let answer = try await backend.complete(ModelRequest(messages: [.user("Hello")]))
/// ```
///
/// Requests spread over the base URLs (least in flight first); failures are retried as `RetryPolicy` says;
/// what cannot be retried throws `HTTPBackendError`.
public final class OpenAIBackend: ModelBackend {
    public let id: String
    public let slots: Int
    public let configuration: OpenAIConfiguration
    let engine: CurlEngine
    let apiKey: String?
    let endpoints: [String]
    let balancer: Mutex<EndpointBalancer>
    let staticHeaders: [HTTPHeader]
    let redactor: CredentialRedactor
    /// `staticHeaders` accepting `text/event-stream`, for streamed requests.
    let streamHeaders: [HTTPHeader]

    /// - Parameters:
    ///   - engine: the transport; back ends may share one (one loop thread for all of them).
    ///   - environment: where the API key is read from (`ProcessInfo`'s by default).
    public init(
        _ configuration: OpenAIConfiguration,
        engine: CurlEngine = .shared,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        precondition(!configuration.baseURLs.isEmpty, "OpenAIBackend needs at least one base URL")
        self.configuration = configuration
        self.engine = engine
        id = "openai:\(configuration.model)"
        endpoints = configuration.baseURLs.map { url in
            var url = url
            while url.hasSuffix("/") { url.removeLast() }
            return url
        }
        slots = max(1, configuration.slotsPerEndpoint) * endpoints.count
        let key = environment[configuration.apiKeyVariable].flatMap { $0.isEmpty ? nil : $0 }
        apiKey = key
        balancer = Mutex(
            EndpointBalancer(
                slots: Array(repeating: configuration.slotsPerEndpoint, count: endpoints.count),
                baseCooldown: configuration.endpointCooldown, maxCooldown: configuration.maxEndpointCooldown
            )
        )
        var headers = [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Accept", "application/json")]
        if let key { headers.append(HTTPHeader("Authorization", "Bearer \(key)")) }
        headers += configuration.headers
        redactor = CredentialRedactor(apiKey: key, baseURLs: configuration.baseURLs, headers: configuration.headers)
        staticHeaders = headers
        if let accept = headers.firstIndex(where: { $0.name == "Accept" }) { headers[accept].value = "text/event-stream" }
        streamHeaders = headers
    }

    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        if configuration.streamResponses {
            for try await event in stream(request) {
                if case .finished(let response) = event { return response }
            }
            throw CancellationError()
        }
        return try await completeBuffered(request)
    }

    private func completeBuffered(_ request: ModelRequest) async throws -> ModelResponse {
        let body = try OpenAIWire.encodeRequest(request, model: configuration.model, options: .init(toolChoice: configuration.toolChoice))
        return try await withEndpoint { endpoint in
            let response = try await self.send(HTTPRequest(method: .post, url: endpoint + "/chat/completions", headers: self.staticHeaders, body: body, timeouts: self.configuration.timeouts, maxResponseBytes: self.configuration.maxResponseBytes), endpoint: endpoint)
            return self.finalize(try self.decode(response, endpoint: endpoint), for: request)
        }
    }

    /// The answer as it is written: `.text` pieces, then `.finished` with the whole response.
    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelStreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let body = try OpenAIWire.encodeRequest(
                        request, model: self.configuration.model, options: .init(stream: true, toolChoice: self.configuration.toolChoice)
                    )
                    let response: ModelResponse
                    do {
                        response = try await self.withEndpoint { endpoint in
                            try await self.streamAttempt(body: body, endpoint: endpoint) { continuation.yield(.text($0)) }
                        }
                    } catch is EmptyStream {
                        // Nothing was yielded: ask once more without streaming to learn what went wrong.
                        let answer = try await self.completeBuffered(request)
                        if !answer.text.isEmpty { continuation.yield(.text(answer.text)) }
                        continuation.yield(.finished(answer))
                        continuation.finish()
                        return
                    }
                    continuation.yield(.finished(self.finalize(response, for: request)))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The model ids the first endpoint that answers serves (`GET /models`).
    public func models() async throws -> [String] {
        struct List: Decodable {
            struct Model: Decodable { var id: String }
            var data: [Model]
        }
        return try await withEndpoint { endpoint in
            let response = try await self.send(HTTPRequest(url: endpoint + "/models", headers: self.staticHeaders, timeouts: self.configuration.timeouts, maxResponseBytes: self.configuration.maxResponseBytes), endpoint: endpoint)
            guard let list = try? JSONDecoder().decode(List.self, from: response.body) else {
                throw self.bodyError(response.body, status: response.status, endpoint: endpoint)
            }
            return list.data.map(\.id)
        }
    }

    /// A tool call written as text becomes a real one when the request offered that tool.
    func finalize(_ response: ModelResponse, for request: ModelRequest) -> ModelResponse {
        guard configuration.toolCallsInText, response.toolCalls.isEmpty, !request.tools.isEmpty else { return response }
        let calls = TextToolCalls.parse(response.text, toolNames: Set(request.tools.map(\.name)))
        guard !calls.isEmpty else { return response }
        var response = response
        response.text = ""
        response.toolCalls = calls
        response.finishReason = .toolCalls
        return response
    }
}

extension ModelBackend where Self == OpenAIBackend {
    /// `OpenAIBackend` for one or more base URLs: `.openAI(model: "llama3", baseURLs: ["http://127.0.0.1:8080/v1"])`.
    public static func openAI(model: String, baseURLs: [String], apiKeyVariable: String = "OPENAI_API_KEY") -> OpenAIBackend {
        OpenAIBackend(OpenAIConfiguration(model: model, baseURLs: baseURLs, apiKeyVariable: apiKeyVariable))
    }
}
