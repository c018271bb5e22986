import AgoraCore
import Foundation

/// One header line. Kept as an ordered list, not a dictionary: HTTP allows repeats and order can matter.
public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// How long a transfer may take. `nil` turns a limit off.
public struct HTTPTimeouts: Sendable, Hashable {
    /// To establish the TCP connection.
    public var connect: Duration
    /// For the whole exchange, first byte sent to last byte received.
    public var request: Duration?
    /// How long the answer may arrive slower than `minimumSpeed` (a streaming model that went silent, or a server
    /// dripping bytes). Rounded up to whole seconds, libcurl's unit.
    public var stall: Duration?
    /// Bytes a second below which the stall clock runs (`AGORA_HTTP_MIN_BYTES_PER_SECOND`, default 16: a token's
    /// stream event alone is larger).
    public var minimumSpeed: Int

    public init(connect: Duration = .seconds(10), request: Duration? = .seconds(600), stall: Duration? = .seconds(120),
                minimumSpeed: Int = ResourceLimit.httpMinimumSpeed.value) {
        self.connect = connect
        self.request = request
        self.stall = stall
        self.minimumSpeed = minimumSpeed
    }
}

/// What `CurlEngine` sends.
///
/// ```swift
/// let request = HTTPRequest(url: "http://127.0.0.1:8080/v1/models")
/// let response = try await engine.send(request)
/// ```
public struct HTTPRequest: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable {
        case get = "GET", post = "POST", put = "PUT", delete = "DELETE"
    }

    public var method: Method
    public var url: String
    public var headers: [HTTPHeader]
    public var body: Data?
    public var timeouts: HTTPTimeouts
    /// The most body bytes taken, buffered or streamed (`AGORA_MAX_RESPONSE_BYTES`, default 64 MiB); past it the
    /// transfer fails with `CurlError.Kind.tooLarge`.
    public var maxResponseBytes: Int

    public init(
        method: Method = .get,
        url: String,
        headers: [HTTPHeader] = [],
        body: Data? = nil,
        timeouts: HTTPTimeouts = HTTPTimeouts(),
        maxResponseBytes: Int = ResourceLimit.responseBytes.value
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
        self.maxResponseBytes = maxResponseBytes
    }
}
