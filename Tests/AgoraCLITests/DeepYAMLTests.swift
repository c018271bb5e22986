import AgoraTestSupport
import Foundation
import Testing

/// YAML nested 5,000 deep (12 KB) killed `agents check`, `run --dry-run` and agent loading with SIGSEGV inside
/// Yams; the built binary must now fail with one line naming the file and line.
@Suite struct DeepYAMLTests {
    static let deep = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)

    func expectNestingError(_ arguments: [String], in folder: URL, mentions: String) async throws {
        let result = try await BuiltProduct.agora.run(arguments, in: folder)
        #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(mentions), "\(result.stderr)")
        #expect(result.stderr.contains("nested more than"), "\(result.stderr)")
    }

    @Test func pipelineFile() async throws {
        let folder = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        try Data("name: deep\nsteps: \(Self.deep)\n".utf8).write(to: folder.appendingPathComponent("pipelines/deep.yaml"))
        try await expectNestingError(["agents", "check", "pipelines/deep.yaml"], in: folder, mentions: "pipelines/deep.yaml:2")
        try await expectNestingError(["run", "--dry-run", "pipelines/deep.yaml"], in: folder, mentions: "pipelines/deep.yaml:2")
    }

    @Test func agentFrontMatter() async throws {
        let folder = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("---\nname: deep\ntools: \(Self.deep)\n---\nBody.\n".utf8).write(to: folder.appendingPathComponent("deep.md"))
        try await expectNestingError(["agents", "check", "deep.md"], in: folder, mentions: "deep.md:3")
    }
}
