import AgoraCore

/// Why an HTTP back end could not answer. Every case names the endpoint (a base URL without credentials); none
/// carries the API key.
public enum HTTPBackendError: Error, Sendable, Hashable, CustomStringConvertible, ContextLengthReporting {
    /// The prompt does not fit the model's context (400 `context_length_exceeded` and its variants). Not retried:
    /// the caller should shorten or split the input and ask again.
    case contextLengthExceeded(endpoint: String, message: String)
    /// 401 or 403: the key is missing, wrong, or not allowed. `keyVariable` is the environment variable read.
    case authenticationFailed(endpoint: String, status: Int, keyVariable: String, keyWasSet: Bool, message: String)
    /// Another answer that retrying cannot fix (400, 404, 422...).
    case rejected(endpoint: String, status: Int, message: String)
    /// 429 or 5xx, still after every retry.
    case serverError(endpoint: String, status: Int, message: String, attempts: Int)
    /// No connection could be made, after every retry, on every endpoint tried.
    case unreachable(endpoint: String, reason: String, attempts: Int)
    /// The connection was made but no complete answer came back (closed early, or an empty reply).
    case noAnswer(endpoint: String, reason: String)
    /// Connect, whole-request or stall limit reached.
    case timedOut(endpoint: String, kind: CurlError.Kind, reason: String)
    /// The body was not the JSON expected.
    case malformedResponse(endpoint: String, status: Int, reason: String)
    /// The body was an HTML page (a proxy's or a web server's error page, a wrong base URL).
    case htmlResponse(endpoint: String, status: Int)
    /// A streamed answer ended before its last event.
    case streamCut(endpoint: String, reason: String)

    public var endpoint: String {
        switch self {
        case .contextLengthExceeded(let endpoint, _), .authenticationFailed(let endpoint, _, _, _, _),
            .rejected(let endpoint, _, _), .serverError(let endpoint, _, _, _), .unreachable(let endpoint, _, _),
            .noAnswer(let endpoint, _), .timedOut(let endpoint, _, _), .malformedResponse(let endpoint, _, _),
            .htmlResponse(let endpoint, _), .streamCut(let endpoint, _):
            endpoint
        }
    }

    public var isContextLengthExceeded: Bool {
        if case .contextLengthExceeded = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .contextLengthExceeded(let endpoint, let message):
            "\(endpoint): the prompt exceeds the model's context: \(message)"
        case .authenticationFailed(let endpoint, let status, let variable, let wasSet, let message):
            wasSet
                ? "\(endpoint): HTTP \(status), the server refused the API key from $\(variable): check it (\(message))"
                : "\(endpoint): HTTP \(status), no API key sent: set the environment variable \(variable) (\(message))"
        case .rejected(let endpoint, let status, let message):
            "\(endpoint): HTTP \(status): \(message)"
        case .serverError(let endpoint, let status, let message, let attempts):
            "\(endpoint): HTTP \(status) after \(attempts) attempt(s): \(message)"
        case .unreachable(let endpoint, let reason, let attempts):
            "\(endpoint): unreachable after \(attempts) attempt(s): \(reason)"
        case .noAnswer(let endpoint, let reason):
            "\(endpoint): no answer: \(reason)"
        case .timedOut(let endpoint, let kind, let reason):
            // "stalled" once: the kind's name would only repeat it; the other kinds say which limit ran out.
            kind == .stalled ? "\(endpoint): stalled: \(reason)" : "\(endpoint): timed out (\(kind.rawValue)): \(reason)"
        case .malformedResponse(let endpoint, let status, let reason):
            "\(endpoint): HTTP \(status) with a body that is not the expected JSON: \(reason)"
        case .htmlResponse(let endpoint, let status):
            "\(endpoint): HTTP \(status) with an HTML page instead of JSON (is the base URL right? it usually ends in /v1)"
        case .streamCut(let endpoint, let reason):
            "\(endpoint): the stream was cut: \(reason)"
        }
    }
}
