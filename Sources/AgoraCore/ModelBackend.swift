/// Turns a request into a response: a language model server, an in-process algorithm with no weights, a scripted
/// test double.
///
/// Implementation requirements: be safe to call from many tasks at once, up to `slots` of them concurrently
/// (the runtime's model gate admits no more). Honour task cancellation where the work is long. Throw
/// `ModelBackendError.unsupported` for a request the back end cannot serve, rather than answering badly.
public protocol ModelBackend: Sendable {
    /// The id agents name it by, such as `local:extractive` or `openai:llama3`.
    var id: String { get }
    /// How many requests it serves well at once.
    var slots: Int { get }
    /// Credits per 1,000 tokens; `.free` by default.
    var price: ModelPrice { get }
    func complete(_ request: ModelRequest) async throws -> ModelResponse
}

public enum ModelBackendError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The back end cannot do this kind of request (one that serves a single kind of task, asked to chat, say).
    case unsupported(backend: String, reason: String)
    /// The request is longer than the model's context. Not a dead end: a caller can split its input and retry.
    case contextLengthExceeded(backend: String, detail: String)

    public var description: String {
        switch self {
        case .unsupported(let backend, let reason): "back end '\(backend)' cannot serve this request: \(reason)"
        case .contextLengthExceeded(let backend, let detail): "the request is over back end '\(backend)''s context length: \(detail)"
        }
    }
}

/// An error that can say "the request did not fit the model's context". Back ends' own error types adopt it so
/// that a caller (a swarm that splits its input into smaller pieces, say) can react without knowing the back end.
public protocol ContextLengthReporting: Error {
    var isContextLengthExceeded: Bool { get }
}

extension ModelBackendError: ContextLengthReporting {
    public var isContextLengthExceeded: Bool {
        if case .contextLengthExceeded = self { return true }
        return false
    }
}

/// True when `error` (from any back end) means the request was over the model's context.
public func isContextLengthExceeded(_ error: any Error) -> Bool {
    (error as? any ContextLengthReporting)?.isContextLengthExceeded ?? false
}
