import AgoraCore
import AgoraRuntime
import AgoraTestSupport
import Foundation
import Synchronization
import Testing
@testable import AgoraTools

/// What a tool can make us hold or wait on: its stderr, a FIFO in the workspace.
@Suite struct BoundsTests {
    @Test func theStderrTailKeepsTheLastBytesInFixedMemory() {
        var tail = TailBuffer(capacity: 8)
        for piece in ["abc", "defgh", "ijklmnopqrstuvwxyz", "12"] {
            piece.utf8.withContiguousStorageIfAvailable { tail.append(UnsafeRawBufferPointer($0)) }
        }
        #expect(String(decoding: tail.data, as: UTF8.self) == "uvwxyz12")
        #expect(tail.total == 28)
        var empty = TailBuffer(capacity: 4)
        "ab".utf8.withContiguousStorageIfAvailable { empty.append(UnsafeRawBufferPointer($0)) }
        #expect(String(decoding: empty.data, as: UTF8.self) == "ab")
    }

    /// 512 MiB on stderr: only the 2,000-byte tail may stay. The old trimmed `Data` kept its whole storage, so the
    /// process's peak grew by all of it. Measured on `agora tools call` in a process of its own (GNU time's peak
    /// RSS): in this process, the tests running beside it would move the figure.
    @Test func aToolFloodingStderrDoesNotGrowMemory() async throws {
        let tools = temporaryFolder()
        let folder = tools + "/flood"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let manifest: JSONValue = ["name": "flood", "description": "Floods stderr.", "command": ["./run.sh"], "timeout_seconds": 120]
        try manifest.prettyJSON.write(toFile: folder + "/tool.json", atomically: true, encoding: .utf8)
        try "#!/bin/sh\ncat >/dev/null\nhead -c 536870912 /dev/zero | tr '\\0' 'x' >&2\necho ' the end' >&2\nexit 2\n"
            .write(toFile: folder + "/run.sh", atomically: true, encoding: .utf8)
        chmod(folder + "/run.sh", 0o755)
        let errors = URL(fileURLWithPath: tools + "/stderr")
        let process = try ChildProcess(URL(fileURLWithPath: "/usr/bin/time"),
                                       ["-f", "peak %M", BuiltProduct.agora.url.path, "tools", "call", "flood", "--json", "{}", "--tools", tools],
                                       stderr: .file(errors))
        let ending = await process.exit(timeout: 180)
        let stderr = try String(contentsOf: errors, encoding: .utf8)
        #expect(ending != .exited(0), "the tool exited with status 2")
        #expect(stderr.contains("xxx the end"), "the tail reached the message: \(stderr.suffix(300))")
        let peakKB = stderr.split(separator: "\n").last { $0.hasPrefix("peak ") }.flatMap { Int($0.dropFirst(5)) } ?? .max
        #expect(peakKB < 128 * 1024, "peak RSS \(peakKB / 1024) MiB for 512 MiB of stderr")
    }

    @Test func readFileRefusesAFIFOWithoutBlocking() throws {
        let workspace = temporaryFolder()
        #expect(mkfifo(workspace + "/pipe", 0o600) == 0)
        let tool = ReadFileTool(workspace: workspace)
        let outcome = Mutex<String?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do {
                _ = try tool.callBlocking(arguments: ["path": "pipe"], cancellation: ToolCancellation())
                outcome.withLock { $0 = "read" }
            } catch {
                outcome.withLock { $0 = "\(error)" }
            }
            done.signal()
        }
        // Opening a FIFO without O_NONBLOCK waits for a writer that never comes.
        #expect(done.wait(timeout: .now() + 20) == .success, "read_file blocked on a FIFO")
        #expect(outcome.withLock { $0 } == "read_file failed: 'pipe' is not a regular file (a FIFO); only regular files are read")
    }

    /// A descriptor open in agora without close-on-exec (on /dev/null) must not reach the tool. The descriptor is
    /// whichever number `open` gives: forcing a fixed one with `dup2` would silently replace a descriptor another
    /// test running at the same time holds (a database file, which then reads as /dev/null).
    @Test func aToolInheritsNoDescriptorButItsThree() async throws {
        let descriptor = open("/dev/null", O_RDONLY)
        try #require(descriptor > 2)
        defer { close(descriptor) }
        #expect(fcntl(descriptor, F_GETFD) & FD_CLOEXEC == 0, "the descriptor must be inheritable for the test to mean anything")
        let folder = temporaryFolder()
        let manifest: JSONValue = ["name": "fds", "description": "Reports an inheritable descriptor.", "command": ["./run.sh"], "timeout_seconds": 20]
        try manifest.prettyJSON.write(toFile: folder + "/tool.json", atomically: true, encoding: .utf8)
        try "#!/bin/sh\ncat >/dev/null\nif [ -e /proc/$$/fd/\(descriptor) ]; then echo inherited; else echo closed; fi\n"
            .write(toFile: folder + "/run.sh", atomically: true, encoding: .utf8)
        chmod(folder + "/run.sh", 0o755)
        let tool = try ProcessTool(folder: folder)
        #expect(try await tool.callOffThePool() == .text("closed"))
    }
}

/// This process's peak resident set size (VmHWM), in bytes.
func peakResidentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return 0 }
    return (Int(line.split(separator: " ")[1]) ?? 0) * 1024
}
