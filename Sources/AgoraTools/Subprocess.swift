import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program without a shell, in its own process group, feeding it stdin and collecting stdout and stderr
/// under a deadline and an output cap. Blocking: call it from a tool thread.
struct Subprocess {
    var argv: [String]
    var environment: [String: String]
    var input: Data
    var timeout: Double
    var maxOutputBytes: Int
    /// How much of the end of stderr to keep.
    var stderrTail = 2_000

    struct Outcome {
        enum Ending: Equatable {
            case exited(Int32)
            case signalled(Int32)
            case timedOut
        }
        var ending: Ending
        var stdout: Data
        var stderr: Data
        /// Stdout went past the cap: the process group was killed and `stdout` holds the first bytes.
        var outputCapped: Bool
        var pid: pid_t
    }

    func run(cancellation: (@escaping @Sendable () -> Void) -> Void = { _ in }) throws -> Outcome {
        let process = try ProcessLauncher.launch(argv: argv, environment: environment)
        let group = process.pid
        cancellation { kill(-group, SIGKILL) }
        return collect(pid: process.pid, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr!)
    }

    /// Writes stdin and reads both outputs with poll(2) until they close or the deadline passes.
    private func collect(pid: pid_t, stdin: Int32, stdout: Int32, stderr: Int32) -> Outcome {
        for fd in [stdin, stdout, stderr] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        let deadline = Date().addingTimeInterval(timeout)
        var inputOffset = 0
        var stdinOpen = true
        var out = Data()
        var err = TailBuffer(capacity: stderrTail)
        var outOpen = true, errOpen = true
        var capped = false, timedOut = false
        if input.isEmpty { close(stdin); stdinOpen = false }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var exitStatus: Int32?
        while outOpen || errOpen {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { timedOut = true; break }
            var fds: [pollfd] = []
            if stdinOpen { fds.append(pollfd(fd: stdin, events: Int16(POLLOUT), revents: 0)) }
            if outOpen { fds.append(pollfd(fd: stdout, events: Int16(POLLIN), revents: 0)) }
            if errOpen { fds.append(pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)) }
            // Wake at least every 50 ms: once the tool has exited, descendants holding the pipes must not keep us.
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(left, 0.05) * 1000) + 1)
            if ready < 0, errno != EINTR { break }
            for entry in fds where entry.revents != 0 {
                if entry.fd == stdin {
                    let written = input.withUnsafeBytes { raw in
                        write(stdin, raw.baseAddress! + inputOffset, raw.count - inputOffset)
                    }
                    if written > 0 { inputOffset += written }
                    if written < 0 && errno != EAGAIN || inputOffset >= input.count {
                        close(stdin); stdinOpen = false
                    }
                    continue
                }
                let count = read(entry.fd, &buffer, buffer.count)
                if count > 0 {
                    if entry.fd == stdout {
                        out.append(contentsOf: buffer[0..<count])
                        if out.count > maxOutputBytes {
                            out = out.prefix(maxOutputBytes)
                            capped = true
                        }
                    } else {
                        buffer.withUnsafeBytes { err.append(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                    }
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                    if entry.fd == stdout { outOpen = false } else { errOpen = false }
                }
            }
            if capped { break }
            if exitStatus == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid { exitStatus = status }
            } else if ready == 0 {
                // The tool is gone, its output drained, but something it started keeps the pipes open: stop waiting.
                break
            }
        }
        // Nothing of the tool's process group outlives the call.
        kill(-pid, SIGKILL)
        if stdinOpen { close(stdin) }
        close(stdout); close(stderr)
        if exitStatus == nil {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            exitStatus = status
        }
        ProcessReaper.reaped(pid)
        let status = exitStatus!
        let ending: Outcome.Ending
        if timedOut {
            ending = .timedOut
        } else if status & 0x7f == 0 {
            ending = .exited((status >> 8) & 0xff)
        } else {
            ending = .signalled(status & 0x7f)
        }
        return Outcome(ending: ending, stdout: out, stderr: err.data, outputCapped: capped, pid: pid)
    }
}
