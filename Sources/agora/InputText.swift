import AgoraCore
import Foundation

/// Reads a text input (a file or `-` for stdin) and turns every way it can be unusable into a one-line error
/// that names it.
enum InputText {
    static func read(_ path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = try readCapped(FileHandle.standardInput, name: "standard input")
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CLIError("cannot read '\(path)': no such file")
            }
            if isDirectory.boolValue { throw CLIError("cannot read '\(path)': it is a directory, not a transcript file") }
            if StreamInput.isStream(path) {
                data = try StreamInput.read(path, name: "'\(path)'")
            } else if let contents = FileManager.default.contents(atPath: path) {
                data = contents
            } else {
                throw CLIError("cannot read '\(path)': permission denied or unreadable")
            }
        }
        let name = path == "-" ? "standard input" : "'\(path)'"
        if data.isEmpty { throw CLIError("\(name) is empty: nothing to summarise") }
        if let zero = data.firstIndex(of: 0) {
            throw CLIError("\(name) looks binary (a zero byte at offset \(zero - data.startIndex)), not a text transcript")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw CLIError("\(name) is not UTF-8 text (convert it first, e.g. with iconv -t UTF-8)")
        }
        if text.allSatisfy(\.isWhitespace) { throw CLIError("\(name) holds only whitespace: nothing to summarise") }
        return text
    }

    /// Reads to the end, but no more than the input limit: `agora summarize - < /dev/zero` or an endless pipe must end
    /// in an error, not in the allocator's failure.
    static func readCapped(_ handle: FileHandle, name: String, limit: Int = ResourceLimit.inputBytes.value) throws -> Data {
        var data = Data()
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: min(1 << 20, limit + 1 - data.count))
            } catch {
                throw CLIError("cannot read \(name): \(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else { return data }
            data.append(chunk)
            if data.count > limit { throw CLIError(ResourceLimit.inputBytes.exceeded(name.prefix(1).uppercased() + name.dropFirst(), limit: limit)) }
        }
    }
}
