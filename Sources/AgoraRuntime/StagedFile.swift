import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Output written all or nothing: into a temporary file beside the target, which `commit()` renames over it.
///
/// ```swift
/// let staged = try StagedFile(path: "digest.md")
/// try staged.write(Data(markdown.utf8))
/// try saveEverythingElse()   // if this throws, digest.md is as it was
/// try staged.commit()
/// ```
///
/// The temporary file is made by `mkstemp` (a fresh name, `O_EXCL`), so a file or link planted under a
/// predictable name cannot be written through. The replacement keeps the mode (and, for root, the owner) of the
/// file it replaces; a new file gets `0666` less the umask, as the shell would give it. A device or FIFO target
/// (`/dev/null`) is written straight at `commit()`, never replaced. Dropped uncommitted, the temporary goes.
public final class StagedFile: Sendable {
    public let target: OutputTarget
    /// The name given, for messages.
    public let path: String
    private let state: Mutex<State>

    private struct State {
        var descriptor: Int32 = -1
        var temporary: String?
        /// What a stream target gets at `commit()`.
        var pending = Data()
        var done = false
    }

    /// Resolves the target and, for a file, creates the temporary beside it at once, so an unwritable folder
    /// fails before any work is done.
    public init(path: String) throws {
        self.path = path
        target = try OutputTarget.resolve(path)
        var state = State()
        if case .file(let resolved, _, _) = target {
            let url = URL(fileURLWithPath: resolved)
            var template = Array(url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).XXXXXX").path.utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else { throw OutputTargetError(path: path, errno: errno) }
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            state.descriptor = descriptor
            state.temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        }
        self.state = Mutex(state)
    }

    deinit {
        discard()
    }

    /// Appends `data`. A disk that fills up fails here (or at `commit()`), with the target untouched.
    public func write(_ data: Data) throws {
        try state.withLock { state in
            guard !state.done else { throw OutputTargetError(path: path, problem: "already committed or discarded") }
            if state.temporary == nil {
                state.pending.append(data)
            } else if let code = Self.writeAll(data, to: state.descriptor) {
                throw OutputTargetError(path: path, errno: code)
            }
        }
    }

    /// Flushes what was written to disk, where a full disk may only then show. Call it before committing anything
    /// else the output goes with (a database transaction), so that `commit()` has only the rename left to fail.
    public func sync() throws {
        try state.withLock { state in
            guard state.temporary != nil, fsync(state.descriptor) != 0, errno != EINVAL else { return }
            throw OutputTargetError(path: path, errno: errno)
        }
    }

    /// Puts the output in place: the temporary file, flushed to disk with the old file's mode, renamed over the
    /// target (a reader sees the old file or the new one, never half); or, for a stream, everything written.
    public func commit() throws {
        try state.withLock { state in
            guard !state.done else { throw OutputTargetError(path: path, problem: "already committed or discarded") }
            state.done = true
            switch target {
            case .stream(let resolved):
                let descriptor = open(resolved, O_WRONLY | O_CLOEXEC | O_NOCTTY)
                guard descriptor >= 0 else { throw OutputTargetError(path: path, errno: errno) }
                defer { close(descriptor) }
                if let code = Self.writeAll(state.pending, to: descriptor) { throw OutputTargetError(path: path, errno: code) }
                state.pending = Data()
            case .file(let resolved, let mode, let owner):
                guard let temporary = state.temporary else { return }
                let descriptor = state.descriptor
                state.descriptor = -1
                state.temporary = nil
                var failure: Int32?
                // chown before chmod: changing the owner clears set-id bits the mode may carry.
                if let owner, geteuid() == 0, fchown(descriptor, owner.user, owner.group) != 0 { failure = errno }
                if failure == nil, fchmod(descriptor, mode ?? (0o666 & ~Self.umask)) != 0 { failure = errno }
                // Some file systems report a full disk only when the data is flushed.
                if failure == nil, fsync(descriptor) != 0, errno != EINVAL { failure = errno }
                if close(descriptor) != 0, failure == nil, errno != EINTR { failure = errno }
                if failure == nil, rename(temporary, resolved) != 0 { failure = errno }
                if let failure {
                    unlink(temporary)
                    throw OutputTargetError(path: path, errno: failure)
                }
            }
        }
    }

    /// Drops what was written: the temporary file goes, the target stays as it was. Safe to call twice.
    public func discard() {
        state.withLock { state in
            state.done = true
            state.pending = Data()
            if state.descriptor >= 0 { close(state.descriptor) }
            state.descriptor = -1
            if let temporary = state.temporary { unlink(temporary) }
            state.temporary = nil
        }
    }

    /// Writes `data` to `path` all or nothing.
    public static func write(_ data: Data, to path: String) throws {
        let staged = try StagedFile(path: path)
        try staged.write(data)
        try staged.commit()
    }

    /// Writes every byte, through short writes and signals; the errno of a failure, else nil.
    private static func writeAll(_ data: Data, to descriptor: Int32) -> Int32? {
        data.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                #if canImport(Glibc)
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                let written = Darwin.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }

    /// The process's umask, read without changing it (`umask(2)` can only set it, which would race other threads'
    /// file creation); 022 where `/proc` is missing.
    static var umask: mode_t {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
              let value = mode_t(line.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8) else { return 0o022 }
        return value
    }
}
