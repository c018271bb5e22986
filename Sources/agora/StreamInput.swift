import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads an input that is not a regular file: a pipe or FIFO (`<(grep ... talk.txt)`, `/dev/stdin`, `mkfifo`), or
/// a character device. `FileManager` reads those as nothing, which looked like "unreadable"; here they are read to
/// their end, up to `limit` bytes, so an endless one (`/dev/zero`) fails with a message instead of filling memory.
enum StreamInput {
    /// 64 MiB: far more than any transcript, little enough to hold.
    static let limit = 64 << 20

    /// Whether `path` names something other than a regular file or a folder (following links).
    static func isStream(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let kind = info.st_mode & 0o170000
        return kind != 0o100000 && kind != 0o040000
    }

    /// The bytes of the stream at `path`; `name` is how messages quote it.
    static func read(_ path: String, name: String, limit: Int = StreamInput.limit) throws -> Data {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & 0o170000 == 0o140000 {
            throw CLIError("cannot read \(name): it is a socket, not a file or a pipe")
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else {
            let code = errno
            throw CLIError("cannot read \(name): \(code == EACCES ? "permission denied" : String(cString: strerror(code)))")
        }
        defer { close(descriptor) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CLIError("cannot read \(name): \(String(cString: strerror(errno)))")
            }
            if count == 0 { return data }
            guard data.count + count <= limit else {
                throw CLIError("\(name) goes on past \(limit >> 20) MiB (a pipe or device, read to its end); save the part you want to a file")
            }
            data.append(contentsOf: chunk[..<count])
        }
    }
}
