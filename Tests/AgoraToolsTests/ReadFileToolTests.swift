import AgoraCore
import AgoraTools
import Foundation
import Testing

@Suite struct ReadFileToolTests {
    let root: String
    let workspace: String

    init() throws {
        root = temporaryFolder()
        workspace = root + "/workspace"
        try FileManager.default.createDirectory(atPath: workspace + "/notes", withIntermediateDirectories: true)
        try "inside".write(toFile: workspace + "/notes/a.txt", atomically: true, encoding: .utf8)
        try "secret".write(toFile: root + "/secret.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: workspace + "/escape", withDestinationPath: root + "/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: workspace + "/up", withDestinationPath: root)
        try FileManager.default.createSymbolicLink(atPath: workspace + "/alias.txt", withDestinationPath: workspace + "/notes/a.txt")
    }

    func read(_ path: String) throws -> String {
        let output = try ReadFileTool(workspace: workspace).callBlocking(arguments: ["path": .string(path)], cancellation: ToolCancellation())
        return output.modelText
    }

    func refusal(_ path: String) -> String {
        do {
            _ = try read(path)
            return "read"
        } catch {
            return "\(error)"
        }
    }

    @Test func readsFilesInside() throws {
        #expect(try read("notes/a.txt") == "inside")
        #expect(try read("./notes/a.txt") == "inside")
        #expect(try read("alias.txt") == "inside")  // a link that stays inside is fine
    }

    @Test func refusesEveryWayOut() {
        #expect(refusal("../secret.txt").contains("goes up with '..'"))
        #expect(refusal("notes/../../secret.txt").contains("goes up with '..'"))
        #expect(refusal(root + "/secret.txt").contains("is not a path relative to the workspace"))
        #expect(refusal("/etc/passwd").contains("is not a path relative to the workspace"))
        #expect(refusal("escape").contains("leads outside the workspace"))
        #expect(refusal("up/secret.txt").contains("leads outside the workspace"))
        #expect(refusal("missing.txt").contains("does not exist"))
        #expect(refusal("notes").contains("is a folder"))
    }

    @Test func cutsLongFiles() throws {
        try String(repeating: "x", count: 100).write(toFile: workspace + "/long.txt", atomically: true, encoding: .utf8)
        let text = try ReadFileTool(workspace: workspace, maxBytes: 10)
            .callBlocking(arguments: ["path": "long.txt"], cancellation: ToolCancellation()).modelText
        #expect(text == "xxxxxxxxxx\n[read_file: cut at 10 bytes]")
    }
}
