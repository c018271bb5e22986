import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program the tests start (the built `agora`, a shell, python), spawned with posix_spawn and waited for with
/// waitpid on a thread of its own.
///
/// Not Foundation's `Process`: on Linux it learns that a child ended from a socket the child inherits, and when a
/// descendant keeps that socket, or a wait runs off the main thread, `waitUntilExit` never returns (the child stays
/// a zombie; swift-corelibs-foundation#4795). That hung the full suite. waitpid on the child's own pid cannot miss.
public final class ChildProcess: @unchecked Sendable {
    /// Where a standard stream goes.
    public enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// A file: read for stdin; created or truncated for the outputs.
        case file(URL)
        /// A pipe whose other end `input`, `output` or `errors` holds.
        case pipe
    }

    /// How the child ended, in `Process`'s terms: the exit code, or the signal that killed it.
    public enum Ending: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)

        public var status: Int32 {
            switch self {
            case .exited(let code): code
            case .signalled(let signal): signal
            }
        }
    }

    public struct LaunchError: Error, CustomStringConvertible {
        public var description: String
    }

    public let pid: pid_t
    /// Our ends of the pipes asked for (nil for the other kinds of stream).
    public let input: FileHandle?
    public let output: FileHandle?
    public let errors: FileHandle?

    private let lock = NSCondition()
    private var ending: Ending?
    private var waiters: [CheckedContinuation<Ending, Never>] = []

    /// Starts `executable` with `arguments`, in `directory` (the repository's root by default), with `environment`
    /// (this process's by default) and the streams given; nothing else of ours is inherited.
    public init(_ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
                stdin: Stream = .null, stdout: Stream = .null, stderr: Stream = .null) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var ours: [FileHandle?] = [nil, nil, nil]
        var theirs: [Int32] = []
        defer { for fd in theirs { close(fd) } }
        for (fd, stream) in [stdin, stdout, stderr].enumerated() {
            let reading = fd == 0
            switch stream {
            case .null:
                posix_spawn_file_actions_addopen(&actions, Int32(fd), "/dev/null", reading ? O_RDONLY : O_WRONLY, 0)
            case .file(let url):
                posix_spawn_file_actions_addopen(&actions, Int32(fd), url.path, reading ? O_RDONLY : O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            case .pipe:
                var ends: [Int32] = [0, 0]
                guard SpawnCalls.pipe(&ends) == 0 else { throw LaunchError(description: "pipe: \(String(cString: strerror(errno)))") }
                let (child, parent) = reading ? (ends[0], ends[1]) : (ends[1], ends[0])
                theirs.append(child)
                ours[fd] = FileHandle(fileDescriptor: parent, closeOnDealloc: true)
                posix_spawn_file_actions_adddup2(&actions, child, Int32(fd))
            }
        }
        _ = SpawnCalls.addCloseFrom(&actions, 3)
        let folder = (directory ?? Repository.root).path
        guard SpawnCalls.addChdir(&actions, folder) == 0 else {
            throw LaunchError(description: "cannot start \(executable.path) in \(folder): no posix_spawn_file_actions_addchdir_np")
        }
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let variables = environment ?? ProcessInfo.processInfo.environment
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var spawned: pid_t = 0
        let result = posix_spawn(&spawned, executable.path, &actions, nil, argv, envp)
        let pid = spawned
        guard result == 0 else { throw LaunchError(description: "cannot start \(executable.path): \(String(cString: strerror(result)))") }
        self.pid = pid
        (input, output, errors) = (ours[0], ours[1], ours[2])
        Thread { [self] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            // The wait status's layout (glibc's WIFEXITED and friends, which Swift does not import as macros).
            let ended: Ending = status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f)
            lock.lock()
            ending = ended
            let waiting = waiters
            waiters = []
            lock.broadcast()
            lock.unlock()
            for waiter in waiting { waiter.resume(returning: ended) }
        }.start()
    }

    /// Whether the child has not been seen to end yet.
    public var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return ending == nil
    }

    /// Sends a signal to the child.
    public func signal(_ number: Int32 = SIGKILL) {
        if isRunning { kill(pid, number) }
    }

    /// Waits for the child to end, blocking the calling thread: only for what ends at once (`mount`, `umount`).
    @discardableResult
    public func waitBlocking() -> Ending {
        lock.lock()
        defer { lock.unlock() }
        while ending == nil { lock.wait() }
        return ending!
    }

    /// Runs a short command to its end (its output to /dev/null) and returns its status, or -1 if it cannot start.
    public static func status(_ executable: String, _ arguments: [String]) -> Int32 {
        (try? ChildProcess(URL(fileURLWithPath: executable), arguments).waitBlocking().status) ?? -1
    }

    /// Waits for the child to end without holding a thread; past `timeout` seconds it is killed, so no test waits
    /// forever.
    @discardableResult
    public func exit(timeout: Double = 300) async -> Ending {
        let watchdog = Task { [self] in
            try await Task.sleep(for: .seconds(timeout))
            signal(SIGKILL)
        }
        defer { watchdog.cancel() }
        return await withCheckedContinuation { continuation in
            lock.lock()
            if let ending {
                lock.unlock()
                continuation.resume(returning: ending)
            } else {
                waiters.append(continuation)
                lock.unlock()
            }
        }
    }
}

/// glibc calls behind `_GNU_SOURCE`, which the Glibc module does not import: looked up by name.
private enum SpawnCalls {
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer? { dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) }

    nonisolated(unsafe) private static let pipe2 = symbol("pipe2").map { unsafeBitCast($0, to: Pipe2.self) }
    nonisolated(unsafe) private static let closeFrom = symbol("posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: AddCloseFrom.self) }
    nonisolated(unsafe) private static let chdir = symbol("posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }

    /// A pipe whose ends are close-on-exec from the start, so no other child spawned meanwhile inherits them.
    static func pipe(_ ends: UnsafeMutablePointer<Int32>) -> Int32 {
        if let pipe2 { return pipe2(ends, O_CLOEXEC) }
        guard Glibc.pipe(ends) == 0 else { return -1 }
        for fd in [ends[0], ends[1]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return 0
    }

    static func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32 {
        closeFrom?(actions, from) ?? -1
    }

    static func addChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: String) -> Int32 {
        guard let chdir else { return -1 }
        return path.withCString { chdir(actions, $0) }
    }
}
