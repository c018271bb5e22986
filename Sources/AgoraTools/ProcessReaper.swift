import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes sure nothing a tool starts outlives it, even a process that left the tool's process group (`setsid`,
/// `setpgid`), which the group kill cannot reach.
///
/// `enable()` makes this process a child subreaper (Linux `PR_SET_CHILD_SUBREAPER`): an orphan among a tool's
/// descendants then becomes our child instead of init's, so we can find it (its parent is us, and we did not start
/// it) and kill and reap it. After a call, its own process group's orphans are killed at once; orphans in other
/// groups or sessions cannot be told apart by call, so they are killed when no process launched here is running any
/// more (the last tool call ended, the MCP servers shut down).
///
/// A program calls `enable()` only if it starts children no other way, or only those it is content to see killed
/// when adopted orphans are swept (the agora CLI). Without it, the group kill is all there is.
public enum ProcessReaper {
    private struct State {
        var enabled = false
        /// Processes started by `ProcessLauncher` and not yet reaped.
        var live: Set<pid_t> = []
    }

    private static let state = Mutex(State())

    /// Turns the sweep on; false where the system has no subreapers (then only process groups are killed).
    @discardableResult
    public static func enable() -> Bool {
        #if os(Linux)
        // prctl is variadic, which Swift cannot call; its integer arguments pass the same way through a fixed type.
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else { return false }
        let prctl = unsafeBitCast(symbol, to: Prctl.self)
        guard prctl(36 /* PR_SET_CHILD_SUBREAPER */, 1, 0, 0, 0) == 0 else { return false }
        state.withLock { $0.enabled = true }
        return true
        #else
        return false
        #endif
    }

    public static var isEnabled: Bool { state.withLock { $0.enabled } }

    /// Runs `spawn` (which returns the new child's pid, or nil) so that no sweep can mistake the child for an orphan.
    static func launching(_ spawn: () -> pid_t?) -> pid_t? {
        state.withLock { state in
            let pid = spawn()
            if let pid { state.live.insert(pid) }
            return pid
        }
    }

    /// Called once `pid` (a launched process, leader of its own group) has been killed with its group and reaped:
    /// kills and reaps its adopted orphans, waiting at most a second for them.
    static func reaped(_ pid: pid_t) {
        let enabled = state.withLock { state in
            state.live.remove(pid)
            return state.enabled
        }
        guard enabled else { return }
        let me = getpid()
        let ownGroup = getpgrp()
        let deadline = Date().addingTimeInterval(1)
        while Date() < deadline {
            let adopted = state.withLock { state in
                children(of: me).filter { child in
                    !state.live.contains(child.pid) && child.group != ownGroup && (child.group == pid || state.live.isEmpty)
                }
            }
            for child in adopted {
                kill(child.pid, SIGKILL)
                // An orphan that made itself a group (or session) leader may have started others in its group.
                if child.group == child.pid { kill(-child.pid, SIGKILL) }
                var status: Int32 = 0
                _ = waitpid(child.pid, &status, WNOHANG)
            }
            // Members of the group still dying will be adopted in a moment: look again until the group is gone.
            let groupLeft = kill(-pid, 0) == 0
            if adopted.isEmpty && !groupLeft { return }
            usleep(5_000)
        }
    }

    private struct Child {
        var pid: pid_t
        var group: pid_t
    }

    /// The processes whose parent is `parent`, from `/proc/*/stat`.
    private static func children(of parent: pid_t) -> [Child] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var result: [Child] = []
        for name in names {
            guard let pid = pid_t(name), let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8) else { continue }
            // The command name, in parentheses, may hold spaces and parentheses: the fields start after the last ')'.
            guard let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // state ppid pgrp session ...
            guard fields.count > 3, let ppid = pid_t(fields[1]), let group = pid_t(fields[2]), ppid == parent else { continue }
            result.append(Child(pid: pid, group: group))
        }
        return result
    }
}
