import AgoraTestSupport
import Foundation
import Testing

/// `agents check` finds what `run` would only find part way through, and `run` refuses it before starting.
@Suite struct DefinitionCheckTests {
    @Test func anExtractiveStepWithoutWordsFailsTheCheckAndTheRunUpFront() async throws {
        let folder = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let agents = folder.appendingPathComponent("Agents")
        try FileManager.default.createDirectory(at: agents, withIntermediateDirectories: true)
        // Saved with Windows line ends, which must read like any other agent file.
        try Data("---\r\nname: extract\r\nbackend: local:extractive\r\n---\r\nPick the key sentences.\r\n".utf8)
            .write(to: agents.appendingPathComponent("extract.md"))
        let pipeline = folder.appendingPathComponent("p.yaml")
        try Data("name: p\ninputs: [notes]\nsteps:\n  - agent: extract\n    input: notes\n    output: brief\n".utf8).write(to: pipeline)

        let check = try await BuiltProduct.agora.run(["agents", "check", pipeline.path, "--agents", agents.path])
        #expect(check.status != 0)
        #expect(check.stderr.contains("p.yaml:4: step 'extract': field 'words'"), "stderr: \(check.stderr)")

        let run = try await BuiltProduct.agora.run(["run", pipeline.path, "--agents", agents.path, "--input", "notes=We ship on Monday. Bo agreed."])
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("field 'words'"), "stderr: \(run.stderr)")

        try Data("name: p\ninputs: [notes]\nsteps:\n  - agent: extract\n    input: notes\n    words: 5\n    output: brief\n".utf8).write(to: pipeline)
        let fixed = try await BuiltProduct.agora.run(["agents", "check", pipeline.path, "--agents", agents.path])
        #expect(fixed.status == 0, "stderr: \(fixed.stderr)")
        let ran = try await BuiltProduct.agora.run(["run", pipeline.path, "--agents", agents.path, "--input", "notes=We ship on Monday. Bo agreed."])
        #expect(ran.status == 0, "stderr: \(ran.stderr)")
    }
}
