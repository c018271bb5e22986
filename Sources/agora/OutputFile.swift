import Foundation

/// Writes output all or nothing: to a temporary file beside the target, renamed over it only on success, so a
/// failed run never leaves a half-written or clobbered `--output`.
enum OutputFile {
    static func write(_ text: String, to path: String) throws {
        let target = URL(fileURLWithPath: path)
        let directory = target.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CLIError("--output '\(path)' is a directory")
        }
        guard FileManager.default.fileExists(atPath: directory.path) else {
            throw CLIError("--output '\(path)': the folder '\(directory.path)' does not exist")
        }
        let temporary = directory.appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp")
        do {
            try Data(text.utf8).write(to: temporary)
            // rename(2) replaces the target atomically; a reader sees the old file or the new one, never half.
            if rename(temporary.path, target.path) != 0 {
                throw CLIError(String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw CLIError("cannot write --output '\(path)': \(error)")
        }
    }
}
