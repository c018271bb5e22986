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
        // Non-blocking, so that opening a FIFO returns instead of waiting for a writer; no following, so that a link
        // swapped in after `resolve` is refused. Then only a regular file is read: a FIFO, socket or device could
        // block the tool thread forever or never end.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            throw ToolError.failed(tool: "read_file", message: "cannot read '\(requested)': \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        defer { try? handle.close() }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw ToolError.failed(tool: "read_file", message: "'\(requested)' is not a regular file (\(Self.kind(of: info.st_mode))); only regular files are read")
        }
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

    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFDIR: "a folder"
        case S_IFLNK: "a symbolic link"
        default: "not a plain file"
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
