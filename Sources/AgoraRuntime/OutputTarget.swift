import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a path names when output is to be written there, decided before anything is written.
///
/// A symbolic link is followed, as a shell's `>` follows it, but one whose target is missing is refused: creating
/// a file wherever a planted link points is how a privileged run gets tricked into writing somewhere else.
public enum OutputTarget: Sendable, Hashable {
    /// A regular file (or nothing yet): replaced whole by renaming a finished temporary file over it. `mode` and
    /// `owner` are the existing file's, kept by the replacement; nil for a new file.
    case file(path: String, mode: mode_t?, owner: Owner?)
    /// A character device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe): written straight, since renaming
    /// over it would replace the device with a regular file.
    case stream(path: String)

    public struct Owner: Sendable, Hashable {
        public var user: uid_t
        public var group: gid_t
    }

    /// The path written to in the end (the link's target for a link).
    public var path: String {
        switch self {
        case .file(let path, _, _), .stream(let path): path
        }
    }

    /// Resolves `path`; throws `OutputTargetError` naming it when it cannot take output.
    public static func resolve(_ path: String) throws -> OutputTarget {
        var resolved = path
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & Kind.mask == Kind.link {
            var target = stat()
            guard stat(path, &target) == 0 else {
                let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                let problem = errno == ENOENT ? "which does not exist" : "which cannot be reached (\(String(cString: strerror(errno))))"
                throw OutputTargetError(path: path, problem: "is a symbolic link to '\(destination)', \(problem); refusing to create it")
            }
            guard let real = realpath(path, nil) else { throw OutputTargetError(path: path, errno: errno) }
            resolved = String(cString: real)
            free(real)
        }
        guard stat(resolved, &info) == 0 else {
            guard errno == ENOENT else { throw OutputTargetError(path: path, errno: errno) }
            let folder = URL(fileURLWithPath: resolved).deletingLastPathComponent().path
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw OutputTargetError(path: path, problem: "the folder '\(folder)' does not exist")
            }
            return .file(path: resolved, mode: nil, owner: nil)
        }
        switch info.st_mode & Kind.mask {
        case Kind.regular: return .file(path: resolved, mode: info.st_mode & 0o7777, owner: Owner(user: info.st_uid, group: info.st_gid))
        case Kind.character, Kind.fifo: return .stream(path: resolved)
        case Kind.directory: throw OutputTargetError(path: path, problem: "is a directory")
        case Kind.socket: throw OutputTargetError(path: path, problem: "is a socket, not a file")
        case Kind.block: throw OutputTargetError(path: path, problem: "is a block device; refusing to write to it")
        default: throw OutputTargetError(path: path, problem: "is not a regular file")
        }
    }

    /// Opens the target for writing from the start, for output that must reach the file as it is produced (a
    /// trace, which should survive a crash of the run it traces). A regular file is truncated in place, which keeps
    /// its mode and owner; a new one is created exclusively, so a link planted meanwhile is not followed.
    public func openTruncating() throws -> FileHandle {
        let descriptor: Int32
        switch self {
        case .file(let path, let mode, _):
            let flags = O_WRONLY | O_CLOEXEC | O_NOFOLLOW | (mode == nil ? O_CREAT | O_EXCL : O_TRUNC)
            descriptor = open(path, flags, 0o666)
        case .stream(let path):
            descriptor = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
        }
        guard descriptor >= 0 else { throw OutputTargetError(path: path, errno: errno) }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// `st_mode` file types (`S_IFMT` and friends), spelled out: Glibc's macros do not all import into Swift.
    enum Kind {
        static let mask: mode_t = 0o170000
        static let socket: mode_t = 0o140000
        static let link: mode_t = 0o120000
        static let regular: mode_t = 0o100000
        static let block: mode_t = 0o060000
        static let directory: mode_t = 0o040000
        static let character: mode_t = 0o020000
        static let fifo: mode_t = 0o010000
    }
}

/// Why output cannot go to a path: `'out/digest.md': the folder 'out' does not exist`.
public struct OutputTargetError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    init(path: String, errno code: Int32) {
        self.init(path: path, problem: String(cString: strerror(code)))
    }

    public var description: String { "'\(path)': \(problem)" }
}
