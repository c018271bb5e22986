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
    /// Seconds to establish the TCP connection.
    public var connect: Double
    /// Seconds for the whole exchange, first byte sent to last byte received.
    public var request: Double?
    /// Seconds without a single byte received (a streaming model that went silent). Whole seconds; libcurl's unit.
    public var stall: Double?

    public init(connect: Double = 10, request: Double? = 600, stall: Double? = 120) {
        self.connect = connect
        self.request = request
        self.stall = stall
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

    public init(
        method: Method = .get,
        url: String,
        headers: [HTTPHeader] = [],
        body: Data? = nil,
        timeouts: HTTPTimeouts = HTTPTimeouts()
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
    }
}
