import Foundation
import Synchronization

/// Whether an MCP server is still there, and who is waiting on it: when its output ends, every wait (connecting,
/// listing, a call) fails at once with why, instead of running to its timeout.
final class ServerLifeline: Sendable {
    private struct State {
        var ended: MCPError?
        var waiters: [UUID: @Sendable (MCPError) -> Void] = [:]
    }

    private let state = Mutex(State())
    let pid: pid_t

    init(pid: pid_t) { self.pid = pid }

    /// Why the server is gone, once it is.
    var ended: MCPError? { state.withLock { $0.ended } }

    /// Marks the server gone (the first reason wins) and wakes every waiter with it.
    func end(_ error: MCPError) {
        let reason = MCPError(server: error.server, message: Self.exitDescription(pid) ?? error.message)
        let waiters = state.withLock { state -> [@Sendable (MCPError) -> Void] in
            guard state.ended == nil else { return [] }
            state.ended = reason
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter(reason) }
    }

    /// Calls `waiter` when the server ends (at once if it has); returns the key to `remove` it with.
    func onEnd(_ waiter: @escaping @Sendable (MCPError) -> Void) -> UUID {
        let key = UUID()
        let ended = state.withLock { state -> MCPError? in
            if let ended = state.ended { return ended }
            state.waiters[key] = waiter
            return nil
        }
        if let ended { waiter(ended) }
        return key
    }

    func remove(_ key: UUID) {
        _ = state.withLock { $0.waiters.removeValue(forKey: key) }
    }

    /// "exited with status 3" or "was killed by signal 9" once the process is a zombie (waited for up to 200 ms, as
    /// its output closes a moment before it is), read from `/proc` so that it is not reaped here; nil if it lives.
    static func exitDescription(_ pid: pid_t) -> String? {
        for _ in 0..<40 {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return "exited" }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.first == "Z" || fields.first == "X" {
                // The last field is the exit code in waitpid's format (Linux 3.5 and later).
                guard let status = fields.last.flatMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else { return "exited" }
                return status & 0x7f == 0 ? "exited with status \((status >> 8) & 0xff)" : "was killed by signal \(status & 0x7f)"
            }
            usleep(5_000)
        }
        return nil
    }
}
