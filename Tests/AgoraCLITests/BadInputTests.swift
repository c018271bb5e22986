import AgoraTestSupport
import Foundation
import Testing

/// Every way a user can get the input wrong: one line naming the problem, a non-zero exit, nothing written.
@Suite struct BadInputTests {
    func expectOneLineError(_ arguments: [String], mentions: [String], stdin: Data? = nil) async throws {
        let result = try await BuiltProduct.agora.run(arguments, stdin: stdin)
        #expect(result.status != 0, "\(arguments) should fail")
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "expected one line, got: \(result.stderr)")
        for word in mentions { #expect(result.stderr.contains(word), "'\(word)' not in: \(result.stderr)") }
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func theToolBenchNeedsALanguageModelAndKnownModes() async throws {
        try await expectOneLineError(["bench", "tools"], mentions: ["--model", "language model"])
        try await expectOneLineError(["ask", "How many words in: one two?", "--agent", "researcher"], mentions: ["--model", "ask needs a language model", "openai:NAME"])
        try await expectOneLineError(["ask", "hi", "--agent", "researcher", "--model", "local:lead"], mentions: ["local:lead only summarises"])
        try await expectOneLineError(["ask", "hi", "--agent", "researcher", "--model", "openai:m", "--base-url", "http://127.0.0.1:9/v1", "--max-output-tokens", "0"],
                                     mentions: ["--max-output-tokens"])
        try await expectOneLineError(["bench", "tools", "--backend", "openai", "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--modes", "json,fast"],
                                     mentions: ["--modes", "'fast'"])
        try await expectOneLineError(["bench", "tools", "--backend", "openai", "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--per-kind", "0"],
                                     mentions: ["--per-kind"])
    }

    @Test func missingFile() async throws {
        try await expectOneLineError(["summarize", "/no/such/talk.txt"], mentions: ["/no/such/talk.txt", "no such file"])
    }

    @Test func directory() async throws {
        let folder = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await expectOneLineError(["summarize", folder.path], mentions: [folder.path, "directory"])
    }

    @Test(arguments: [
        ("empty.txt", Data(), "empty"),
        ("blank.txt", Data("  \n\n \t\n".utf8), "whitespace"),
        ("binary.bin", Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01, 0x02]), "binary"),
        ("latin1.txt", Data([0x63, 0x61, 0x66, 0xE9, 0x20, 0x6E, 0x6F, 0x69, 0x72]), "UTF-8"),
        ("punctuation.txt", Data("... !!! ??? --- ...\n,,, ;;;\n".utf8), "no sentences"),
    ])
    func unusableFile(_ name: String, _ contents: Data, _ problem: String) async throws {
        let folder = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(name)
        try contents.write(to: file)
        try await expectOneLineError(["summarize", file.path], mentions: [name, problem])
    }

    @Test func emptyStandardInput() async throws {
        try await expectOneLineError(["summarize", "-"], mentions: ["standard input", "empty"], stdin: Data())
    }

    @Test(arguments: [
        (["--fan-in", "1"], "--fan-in"),
        (["--fan-in", "-3"], "--fan-in"),
        (["--segment-words", "-5"], "--segment-words"),
        (["--words", "0"], "--words"),
        (["--max-agents", "0"], "--max-agents"),
        (["--format", "pdf"], "--format"),
        (["--backend", "gpt-9"], "--backend"),
    ])
    func absurdOptions(_ options: [String], _ named: String) async throws {
        try await expectOneLineError(["summarize", Repository.transcript("talk-tool-latency.txt")] + options, mentions: [named])
    }

    @Test func tooFewAgentsNamesTheLimit() async throws {
        try await expectOneLineError(["summarize", Repository.transcript("talk-tool-latency.txt"), "--max-agents", "3"], mentions: ["max agents", "3"])
    }

    @Test func aFailedRunLeavesTheOutputFileAlone() async throws {
        let folder = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("digest.md")
        try Data("previous digest\n".utf8).write(to: output)
        let empty = folder.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        let result = try await BuiltProduct.agora.run(["summarize", empty.path, "--output", output.path])
        #expect(result.status != 0)
        #expect(try String(contentsOf: output, encoding: .utf8) == "previous digest\n")
        let tooFew = try await BuiltProduct.agora.run(["summarize", Repository.transcript("talk-tool-latency.txt"), "--max-agents", "3", "--output", output.path])
        #expect(tooFew.status != 0)
        #expect(try String(contentsOf: output, encoding: .utf8) == "previous digest\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["digest.md", "empty.txt"])
    }
}
