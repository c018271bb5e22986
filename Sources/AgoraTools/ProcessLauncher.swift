import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts a program without a shell (posix_spawn), in a process group of its own, with pipes for its standard
/// streams and exactly the environment given.
enum ProcessLauncher {
    struct Launched {
        var pid: pid_t
        /// Write end of its stdin.
        var stdin: Int32
        /// Read end of its stdout.
        var stdout: Int32
        /// Read end of its stderr, or nil when stderr goes to /dev/null.
        var stderr: Int32?
    }

    struct LaunchError: Error, CustomStringConvertible {
        var description: String
    }

    static func launch(argv: [String], environment: [String: String], discardStderr: Bool = false) throws -> Launched {
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0], errFromChild: [Int32] = [0, 0]
        // Close-on-exec from the start: a child another thread spawns between pipe() and a later fcntl would inherit
        // our ends, and a stdin pipe held open elsewhere never reaches EOF.
        func pipe(_ ends: inout [Int32]) -> Int32 { GNUCalls.pipe2(&ends, O_CLOEXEC) }
        guard pipe(&toChild) == 0 else { throw LaunchError(description: "cannot create a pipe: \(String(cString: strerror(errno)))") }
        guard pipe(&fromChild) == 0 else {
            close(toChild[0]); close(toChild[1])
            throw LaunchError(description: "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        if !discardStderr, pipe(&errFromChild) != 0 {
            for fd in toChild + fromChild { close(fd) }
            throw LaunchError(description: "cannot create a pipe: \(String(cString: strerror(errno)))")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        if discardStderr {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        } else {
            posix_spawn_file_actions_adddup2(&actions, errFromChild[1], 2)
        }
        var childEnds = [toChild[0], fromChild[1]]
        if !discardStderr { childEnds.append(errFromChild[1]) }
        // Nothing else of ours reaches the program: descriptors agora inherited or opened without close-on-exec
        // (a parent's socket, say) would otherwise live on in the tool and in whatever it leaves behind.
        _ = GNUCalls.addCloseFrom(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so that killing the group kills the program and everything it started.
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid: pid_t = 0
        var status: Int32 = 0
        // ETXTBSY: another thread's child still holds the program open for writing between fork and exec (a script
        // written just now); it goes away at that child's exec, so try again shortly.
        _ = ProcessReaper.launching {
            for attempt in 0..<20 {
                status = argv[0].contains("/")
                    ? posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
                    : posix_spawnp(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
                guard status == ETXTBSY else { break }
                usleep(useconds_t(5_000 * (attempt + 1)))
            }
            return status == 0 ? pid : nil
        }
        for fd in childEnds { close(fd) }
        guard status == 0 else {
            close(toChild[1]); close(fromChild[0])
            if !discardStderr { close(errFromChild[0]) }
            throw LaunchError(description: "cannot start '\(argv[0])': \(String(cString: strerror(status)))")
        }
        return Launched(pid: pid, stdin: toChild[1], stdout: fromChild[0], stderr: discardStderr ? nil : errFromChild[0])
    }

    /// Kills the process group of `pid`, reaps `pid`, and sweeps the orphans it left (`ProcessReaper`).
    static func terminate(_ pid: pid_t) {
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        ProcessReaper.reaped(pid)
    }

    /// The environment a tool gets: `PATH`, `LANG`, and the allowed variables that are set; nothing else.
    static func environment(allowing names: [String], from source: [String: String]) -> [String: String] {
        var result = ["PATH": source["PATH"] ?? "/usr/local/bin:/usr/bin:/bin", "LANG": source["LANG"] ?? "C.UTF-8"]
        for name in names { if let value = source[name] { result[name] = value } }
        return result
    }
}

/// glibc calls the Glibc module does not import (they are behind `_GNU_SOURCE`), looked up once by name. Where one is
/// missing: `pipe2` falls back to `pipe` and `fcntl`, and the close-from action is skipped (the pipes are still
/// close-on-exec).
private enum GNUCalls {
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer? { dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) }

    nonisolated(unsafe) private static let pipe2Function = symbol("pipe2").map { unsafeBitCast($0, to: Pipe2.self) }
    nonisolated(unsafe) private static let addCloseFromFunction =
        symbol("posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: AddCloseFrom.self) }

    static func pipe2(_ ends: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32 {
        if let pipe2Function { return pipe2Function(ends, flags) }
        guard pipe(ends) == 0 else { return -1 }
        for fd in [ends[0], ends[1]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return 0
    }

    static func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32 {
        addCloseFromFunction?(actions, from) ?? -1
    }
}
