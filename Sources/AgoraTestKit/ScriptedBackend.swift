import AgoraCore
import Synchronization

/// A model back end that plays a script, for tests whose model answers must be fixed.
///
/// Strict by design: a request beyond the script fails with `ScriptedBackendError.unexpectedRequest`, and
/// `assertComplete()` fails if scripted answers were never asked for, so a workflow test proves the exact
/// conversation took place.
///
/// ```swift
/// let model = ScriptedBackend(responses: [.init(text: "hello")])
/// let swarm = Swarm(backends: [model])
/// _ = try await swarm.run { try await $0.ask(.init(messages: [.user("hi")])) }
/// try model.assertComplete()
/// ```
public final class ScriptedBackend: ModelBackend {
    public enum Step: Sendable {
        case respond(ModelResponse)
        case fail(any Error)
    }

    public let id: String
    public let slots: Int
    public let price: ModelPrice
    private let respond: (@Sendable (ModelRequest) async throws -> ModelResponse)?
    /// In closure mode, how many requests must come (nil: not counted).
    private let expectedCalls: Int?
    private let state = Mutex(State())

    private struct State {
        var script: [Step] = []
        var next = 0
        var requests: [ModelRequest] = []
    }

    /// A back end that answers `responses` in order, one per request.
    public init(id: String = "test", slots: Int = 4, responses: [ModelResponse]) {
        self.id = id
        self.slots = slots
        self.price = .free
        self.respond = nil
        self.expectedCalls = nil
        state.withLock { $0.script = responses.map(Step.respond) }
    }

    /// A back end that plays `steps` in order: answers and failures.
    public init(id: String = "test", slots: Int = 4, steps: [Step]) {
        self.id = id
        self.slots = slots
        self.price = .free
        self.respond = nil
        self.expectedCalls = nil
        state.withLock { $0.script = steps }
    }

    /// A back end whose answer is computed from the request (for large generated swarms). With `calls`, it is as
    /// strict as a script: a request past that many fails, and `assertComplete()` fails if fewer came. Without,
    /// any number may come and `assertComplete()` fails, since it would assert nothing.
    public init(id: String = "test", slots: Int = 4, price: ModelPrice = .free, calls: Int? = nil,
                respond: @escaping @Sendable (ModelRequest) async throws -> ModelResponse) {
        self.id = id
        self.slots = slots
        self.price = price
        self.respond = respond
        self.expectedCalls = calls
    }

    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        if let respond {
            let allowed = state.withLock { state in
                state.requests.append(request)
                return expectedCalls.map { state.requests.count <= $0 } ?? true
            }
            guard allowed else { throw ScriptedBackendError.unexpectedRequest(backend: id, request: request) }
            return try await respond(request)
        }
        let step: Step? = state.withLock { state in
            state.requests.append(request)
            guard state.next < state.script.count else { return nil }
            defer { state.next += 1 }
            return state.script[state.next]
        }
        switch step {
        case .respond(let response): return response
        case .fail(let error): throw error
        case nil: throw ScriptedBackendError.unexpectedRequest(backend: id, request: request)
        }
    }

    /// Every request received, in arrival order.
    public var requests: [ModelRequest] { state.withLock { $0.requests } }

    /// Fails if any scripted step was not consumed (in closure mode: if fewer than `calls` requests came, or no
    /// `calls` was given).
    public func assertComplete() throws {
        if respond != nil {
            guard let expectedCalls else { throw ScriptedBackendError.unscripted(backend: id) }
            let received = state.withLock { $0.requests.count }
            if received < expectedCalls { throw ScriptedBackendError.incomplete(backend: id, remaining: expectedCalls - received) }
            return
        }
        let (used, total) = state.withLock { ($0.next, $0.script.count) }
        if used < total { throw ScriptedBackendError.incomplete(backend: id, remaining: total - used) }
    }
}

public enum ScriptedBackendError: Error, CustomStringConvertible {
    case unexpectedRequest(backend: String, request: ModelRequest)
    case incomplete(backend: String, remaining: Int)
    /// `assertComplete()` on a closure-mode back end made without `calls`: there is nothing to assert.
    case unscripted(backend: String)

    public var description: String {
        switch self {
        case .unexpectedRequest(let backend, let request):
            "scripted back end '\(backend)' got a request beyond its script: \(request.messages.last?.content.prefix(80) ?? "")"
        case .incomplete(let backend, let remaining):
            "scripted back end '\(backend)' still has \(remaining) unplayed step(s)"
        case .unscripted(let backend):
            "scripted back end '\(backend)' computes its answers and was given no `calls:` count, so there is nothing to assert"
        }
    }
}
