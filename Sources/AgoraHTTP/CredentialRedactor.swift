import Foundation

/// Every secret a back end sends, so that none comes back in an error: the API key, a password in a base URL
/// (`http://user:secret@host/v1`), and the values of credential headers given with `--header` (`Authorization`,
/// `X-API-Key`, cookies...). Servers quote requests back in their errors; each of these becomes `***`.
struct CredentialRedactor: Sendable, Hashable {
    /// Longest first, so that a secret holding another is replaced whole.
    let secrets: [String]

    init(apiKey: String?, baseURLs: [String], headers: [HTTPHeader]) {
        var found: Set<String> = []
        if let apiKey { found.insert(apiKey) }
        for url in baseURLs {
            guard let userInfo = Self.userInfo(of: url) else { continue }
            found.insert(userInfo)
            // What curl sends for it (`Authorization: Basic ...`), which a server may quote back.
            found.insert(Data(userInfo.utf8).base64EncodedString())
            if let decoded = userInfo.removingPercentEncoding { found.insert(Data(decoded.utf8).base64EncodedString()) }
            if let colon = userInfo.firstIndex(of: ":") {
                let password = String(userInfo[userInfo.index(after: colon)...])
                found.insert(password)
                if let decoded = password.removingPercentEncoding { found.insert(decoded) }
            }
        }
        for header in headers where Self.isCredential(header.name) {
            found.insert(header.value)
            // `Bearer TOKEN`, `Basic B64`: the server may echo the token alone.
            if let space = header.value.firstIndex(of: " ") {
                found.insert(header.value[header.value.index(after: space)...].trimmingCharacters(in: .whitespaces))
            }
        }
        // Shorter strings would blank ordinary words out of every message.
        secrets = found.filter { $0.count >= 4 }.sorted { ($0.count, $0) > ($1.count, $1) }
    }

    func redact(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// A header whose value is a credential, by its name: authorization, cookies, and anything naming a key,
    /// token, secret, password or session.
    static func isCredential(_ name: String) -> Bool {
        let name = name.lowercased()
        return ["auth", "cookie", "key", "token", "secret", "password", "passwd", "session", "credential"].contains { name.contains($0) }
    }

    /// `user:secret` of `scheme://user:secret@host/...`.
    static func userInfo(of url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<hostEnd].lastIndex(of: "@") else { return nil }
        return String(rest[..<at])
    }
}
