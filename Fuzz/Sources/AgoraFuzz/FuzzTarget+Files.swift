import AgoraDefinitions
import AgoraTools
import Foundation

extension FuzzTarget {
    static func agent(_ text: String) {
        _ = try? AgentFile.parse(text, file: "fuzz.md")
    }

    static func pipeline(_ text: String) {
        _ = try? PipelineFile.parse(text, file: "fuzz.yaml")
    }

    /// The loaders read files, so the input is written to one first (a folder of this process's own).
    static func toolManifest(_ data: Data) {
        FileManager.default.createFile(atPath: scratch + "/tool.json", contents: data)
        _ = try? ProcessToolManifest.load(folder: scratch)
    }

    static func mcp(_ data: Data) {
        FileManager.default.createFile(atPath: scratch + "/mcp.json", contents: data)
        _ = try? MCPConfiguration.load(scratch + "/mcp.json")
    }

    static let scratch: String = {
        let path = NSTemporaryDirectory() + "agora-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()
}
