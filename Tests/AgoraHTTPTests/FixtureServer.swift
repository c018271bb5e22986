import AgoraCore
import AgoraTestSupport
import Foundation
@testable import AgoraHTTP

/// The fixture server (AgoraTestSupport starts it), once per test process: the HTTP tests share it, each keeping
/// its requests apart in the server's log with its own `X-Fixture-Key`.
extension FixtureServer {
    static let shared = try! FixtureServer()

    /// Requests the server saw under `key`, oldest first.
    func log(key: String) async throws -> [LogEntry] {
        let response = try await CurlEngine.shared.send(HTTPRequest(url: "http://127.0.0.1:\(port)/_log?key=\(key)"))
        return try JSONDecoder().decode([LogEntry].self, from: response.body)
    }

    struct LogEntry: Decodable {
        var time: Double
        var path: String
        var authorization: Bool
        var port: Int
        var body: String?
    }
}

/// A base URL where nothing listens: a port the kernel just gave us and we closed again.
func deadBaseURL() -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = bind(fd, $0, length) }
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
    }
    close(fd)
    return "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))/v1"
}

/// A back end on the fixture server with the given behaviour headers and a fresh log key.
func fixtureBackend(
    _ headers: [String: String] = [:],
    baseURLs: [String]? = nil,
    key: String = UUID().uuidString,
    retry: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: 0.05, maxDelay: 0.2),
    timeouts: HTTPTimeouts = HTTPTimeouts(connect: .seconds(2), request: .seconds(10), stall: .seconds(5)),
    stream: Bool = false,
    environment: [String: String] = [:],
    keyVariable: String = "AGORA_TEST_KEY",
    slots: Int = 4,
    cooldown: Double = 0.5
) -> OpenAIBackend {
    var all = headers.map { HTTPHeader($0.key, $0.value) }
    all.append(HTTPHeader("X-Fixture-Key", key))
    let configuration = OpenAIConfiguration(
        model: "fixture-model", baseURLs: baseURLs ?? [FixtureServer.shared.baseURL], apiKeyVariable: keyVariable,
        headers: all, slotsPerEndpoint: slots, timeouts: timeouts, retry: retry, streamResponses: stream,
        endpointCooldown: cooldown, maxEndpointCooldown: max(2, cooldown)
    )
    return OpenAIBackend(configuration, environment: environment)
}

/// Resident set size of this process, in bytes.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return (fields.count > 1 ? Int(fields[1]) ?? 0 : 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
}

let toolSpecs = [
    ToolSpec(name: "search", description: "Search the web", inputSchema: ["type": "object", "properties": ["q": ["type": "string"]]]),
    ToolSpec(name: "lookup", description: "Look a word up"),
]
