import AgoraTestSupport
import Foundation
import Testing

/// `--model PROVIDER:MODEL` as a user types it: the in-process models, the older `--backend` spelling, and every
/// way to get it wrong (one line, non-zero, naming the option and what would be right).
@Suite struct ModelOptionTests {
    let talk = Repository.transcript("talk-tool-latency.txt")

    @Test func theLeadModelGivesTheOpeningSentencesAndBackendStaysAnAlias() async throws {
        let lead = try await BuiltProduct.agora.run(["summarize", talk, "--model", "local:lead", "--format", "sentences", "--words", "30"])
        #expect(lead.status == 0, "\(lead.stderr)")
        let source = try String(contentsOfFile: talk, encoding: .utf8)
        let lines = lead.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first.map { source.contains($0) } == true, "\(lead.stdout)")
        // The lines are in source order, each found after the one before.
        var cursor = source.startIndex
        for line in lines {
            let found = try #require(source.range(of: line, range: cursor..<source.endIndex), "\(line) not after the previous line")
            cursor = found.upperBound
        }
        let alias = try await BuiltProduct.agora.run(["summarize", talk, "--backend", "local", "--model", "lead", "--format", "sentences", "--words", "30"])
        #expect(alias.stdout == lead.stdout)
        let extractive = try await BuiltProduct.agora.run(["summarize", talk, "--model", "local:extractive", "--format", "sentences", "--words", "30"])
        let plain = try await BuiltProduct.agora.run(["summarize", talk, "--format", "sentences", "--words", "30"])
        #expect(extractive.stdout == plain.stdout, "local:extractive is the default")
        #expect(extractive.stdout != lead.stdout)
    }

    @Test(arguments: [
        (["--model", "lead"], "did you mean local:lead?"),
        (["--model", "smollm2"], "a server's model is openai:smollm2"),
        (["--model", "local:bogus"], "local has local:extractive, local:lead"),
        (["--model", "openai:smollm2"], "--base-url is required with openai:smollm2"),
        (["--backend", "local", "--model", "openai:x"], "--model 'openai:x' contradicts --backend 'local'"),
        (["--backend", "ollama"], "unknown --backend 'ollama': expected one of local, openai"),
        (["--backend", "openai"], "--model is required with --backend openai"),
        (["--model", "local:lead", "--base-url", "http://127.0.0.1:9/v1"], "--base-url applies to a server's model only"),
    ])
    func aWrongModelIsOneLine(_ options: [String], _ message: String) async throws {
        let result = try await BuiltProduct.agora.run(["summarize", talk] + options)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func helpListsTheProvidersAndVersionPrints() async throws {
        let help = try await BuiltProduct.agora.run(["summarize", "--help"])
        for form in ["local:extractive", "local:lead", "openai:MODEL"] { #expect(help.stdout.contains(form), "\(form) not in --help") }
        #expect(!help.stdout.contains("test:echo"), "the test double is not offered")
        let version = try await BuiltProduct.agora.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(version.stdout)")
    }

    /// Agent and pipeline files name back ends from the same table: `local:lead` loads, a near miss is suggested.
    @Test func agentFilesNameTheTablesBackEnds() async throws {
        let folder = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("---\nname: opener\nbackend: local:lead\n---\nSummarise.\n".utf8).write(to: folder.appendingPathComponent("opener.md"))
        let good = try await BuiltProduct.agora.run(["agents", "check", "--agents", folder.path])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        try Data("---\nname: opener\nbackend: local:laed\n---\nSummarise.\n".utf8).write(to: folder.appendingPathComponent("opener.md"))
        let bad = try await BuiltProduct.agora.run(["agents", "check", "--agents", folder.path])
        #expect(bad.status != 0)
        #expect((bad.stdout + bad.stderr).contains("unknown back end 'local:laed'"), "\(bad.stdout)\(bad.stderr)")
        #expect((bad.stdout + bad.stderr).contains("did you mean 'local:lead'?"), "\(bad.stdout)\(bad.stderr)")
    }

    /// `--model` serves every agent of a pipeline, the file's own agents too: a summarise-only model under steps that
    /// give no `words` is refused before the run, one line per step.
    @Test func aPipelineOnASummariseOnlyModelIsCheckedUpFront() async throws {
        let result = try await BuiltProduct.agora.run(["run", "Examples/pipelines/writer-critic.yaml", "--input", "topic=x", "--model", "local:lead"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 2, "\(result.stderr)")
        #expect(lines.allSatisfy { $0.contains("runs on local:lead, which only summarises") }, "\(result.stderr)")
        let brief = try await BuiltProduct.agora.run(["run", "Examples/pipelines/brief.yaml", "--input", "transcript=Examples/transcripts/talk-tool-latency.txt",
                                                      "--model", "local:lead"])
        #expect(brief.status == 0, "\(brief.stderr)")
        #expect(brief.stdout.hasPrefix("I want to start with a question"), "the lead model's first sentence: \(brief.stdout.prefix(120))")
    }
}
