import Foundation

/// A complete response: status, headers, body.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: Data

    public init(status: Int, headers: [HTTPHeader] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header of that name, compared case-insensitively.
    public func header(_ name: String) -> String? { headers.first(named: name) }
}

/// A response whose body arrives as it comes: the head first, then chunks.
///
/// Dropping or cancelling the iteration of `body` cancels the transfer.
public struct HTTPStreamingResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: AsyncThrowingStream<Data, any Error>

    public func header(_ name: String) -> String? { headers.first(named: name) }

    /// Reads the rest of the body into memory (for an error answer, say).
    public func collect(limit: Int = 1 << 20) async throws -> Data {
        var data = Data()
        for try await chunk in body {
            data.append(chunk)
            if data.count >= limit { break }
        }
        return data
    }
}

extension [HTTPHeader] {
    func first(named name: String) -> String? {
        first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
