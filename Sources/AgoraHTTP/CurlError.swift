/// A transport failure: no HTTP answer came back, or it was cut short.
public struct CurlError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// Name resolution failed, the connection was refused, or the host was unreachable.
        case couldNotConnect
        /// The TCP connection was not established in time.
        case connectTimeout
        /// The whole exchange took longer than allowed.
        case requestTimeout
        /// No byte arrived for the stall limit.
        case stalled
        /// The server closed the connection before the answer was complete (or sent nothing at all).
        case connectionLost
        /// The body passed the request's `maxResponseBytes`; the transfer was aborted.
        case tooLarge
        /// Anything else libcurl reported.
        case other
    }

    public var kind: Kind
    /// libcurl's `CURLcode`.
    public var code: Int
    public var message: String
    /// The request's URL without credentials or query.
    public var url: String

    public init(kind: Kind, code: Int, message: String, url: String) {
        self.kind = kind
        self.code = code
        self.message = message
        self.url = url
    }

    /// True when the request surely never reached a server, so sending it again cannot do anything twice.
    public var description: String { "\(kind.rawValue) (\(url)): \(message) [curl \(code)]" }
}

/// Strips user info and query from a URL so that error messages and traces never carry secrets:
/// `redactedURL("http://user:secret@host/v1?key=k")` is `http://host/v1`.
public func redactedURL(_ url: String) -> String {
    var text = url
    if let query = text.firstIndex(of: "?") { text = String(text[..<query]) }
    // The last '@' before the path: a password may hold an unescaped '@' of its own.
    if let scheme = text.range(of: "://") {
        let hostEnd = text[scheme.upperBound...].firstIndex { $0 == "/" || $0 == "#" } ?? text.endIndex
        if let at = text[scheme.upperBound..<hostEnd].lastIndex(of: "@") { text.removeSubrange(scheme.upperBound...at) }
    }
    return text
}
