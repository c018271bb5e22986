import AgoraDefinitions
import AgoraTools
import Foundation

extension FuzzTarget {
    static func agent(_ text: String) {
        _ = try? AgentFile.parse(text, file: "fuzz.md")
    }

    static func pipeline(_ text: String) {
        _ = try? PipelineFile.parse(text, file: "fuzz.yaml", functions: functions)
    }

    /// The signatures of the functions the CLI registers, so that the corpus's `call` steps reach the argument
    /// checks: the loader knows no function of its own, and this package sees no AgoraPipelines product.
    static let functions: [FunctionSignature] = [
        FunctionSignature(name: "segment", summary: "", arguments: [.init("transcript", .value), .init("words", .integer, default: "500")]),
        FunctionSignature(name: "chunk", summary: "", arguments: [.init("list", .value), .init("size", .integer)]),
        FunctionSignature(name: "join", summary: "", arguments: [.init("list", .value), .init("separator", .text, default: "\n\n")]),
        FunctionSignature(name: "digest", summary: "", arguments: [
            .init("transcript", .value), .init("segments", .value), .init("sections", .value), .init("takeaways", .value),
            .init("tldr", .value), .init("fan_in", .integer, default: "4"), .init("format", .text, default: "markdown"),
        ]),
    ]

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
