import AgoraCore
import AgoraTools
import Foundation

/// The report of `agora-mcp-example`'s `activity` tool: the `notifications/cancelled` the server received, and how its
/// `slow` calls ended.
struct ServerActivity: Decodable, Sendable {
    struct Cancellation: Decodable, Sendable, Hashable {
        var request: String?
        var reason: String?
    }

    struct Slow: Decodable, Sendable, Hashable {
        var running: Int
        var stopped: Int
        var finished: Int
    }

    var cancellations: [Cancellation]
    var slow: Slow

    /// Asks `connection`'s server until `done` holds or `seconds` pass, and returns the last report (nil if none came).
    /// Generous and polled rather than timed, because CI machines are loaded; a failed ask (say, slower than the
    /// connection's timeout) is asked again.
    static func poll(_ connection: MCPServerConnection, seconds: Double = 30, until done: (ServerActivity) -> Bool) async -> ServerActivity? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var last: ServerActivity?
        while ContinuousClock.now < deadline {
            if case .text(let text)? = try? await connection.call("activity", arguments: [:]),
               let report = try? JSONDecoder().decode(ServerActivity.self, from: Data(text.utf8)) {
                last = report
                if done(report) { return report }
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return last
    }
}
