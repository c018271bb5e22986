import AgoraCore
import Foundation

/// `read_file`: reads a text file inside a workspace folder, and nothing outside it.
///
/// Confinement works on real paths: the requested path must be relative, must not contain `..`, and after every
/// symbolic link is resolved it must still lie inside the workspace's own real path. A link inside the
/// workspace that points outside it is refused.
public struct ReadFileTool: BlockingTool {
    /// The workspace's real path (symbolic links resolved).
    public let workspace: String
    public let maxBytes: Int

    /// - Parameters:
    ///   - workspace: the folder files are read from.
    ///   - maxBytes: a longer file is cut here, with a note saying so.
    public init(workspace: String, maxBytes: Int = 64 * 1024) {
        self.workspace = Self.realPath(workspace) ?? workspace
        self.maxBytes = maxBytes
    }

    public var spec: ToolSpec {
        ToolSpec(
            name: "read_file",
            description: "Read a UTF-8 text file from the workspace. The path is relative to the workspace folder.",
            inputSchema: [
                "type": "object",
                "properties": ["path": ["type": "string", "minLength": 1, "description": "A path relative to the workspace, such as notes/todo.md."]],
                "required": ["path"],
                "additionalProperties": false,
            ]
        )
    }

    public func callBlocking(arguments: JSONValue, cancellation: ToolCancellation) throws -> ToolOutput {
        let requested = arguments["path"]?.stringValue ?? ""
        let path = try resolve(requested)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ToolError.failed(tool: "read_file", message: "cannot read '\(requested)'")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maxBytes + 1)) ?? Data()
        let cut = data.count > maxBytes
        let text = String(decoding: data.prefix(maxBytes), as: UTF8.self)
        return .text(cut ? text + "\n[read_file: cut at \(maxBytes) bytes]" : text)
    }

    /// The real path of `requested` if it is a regular file inside the workspace; throws a tool error otherwise.
    public func resolve(_ requested: String) throws -> String {
        func refuse(_ why: String) -> ToolError { .failed(tool: "read_file", message: "'\(requested)' \(why)") }
        if requested.hasPrefix("/") || requested.hasPrefix("~") { throw refuse("is not a path relative to the workspace") }
        if requested.split(separator: "/").contains("..") { throw refuse("goes up with '..', outside the workspace") }
        if requested.contains("\0") { throw refuse("contains a NUL byte") }
        let joined = workspace + "/" + requested
        guard let real = Self.realPath(joined) else { throw refuse("does not exist in the workspace") }
        guard real.hasPrefix(workspace + "/") else { throw refuse("leads outside the workspace (through a symbolic link)") }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isFolder), !isFolder.boolValue else {
            throw refuse("is a folder, not a file")
        }
        return real
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
