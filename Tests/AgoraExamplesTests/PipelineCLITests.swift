import AgoraTestSupport
import Foundation
import Testing

/// `agora run` and `agora agents` as a user runs them.
@Suite struct PipelineCLITests {
    @Test(arguments: ["talk-tool-latency.txt", "meeting-launch-planning.txt"])
    func summarizePipelinePrintsTheSameDigestAsSummarize(transcript: String) async throws {
        let path = "Examples/transcripts/\(transcript)"
        let direct = try await BuiltProduct.agora.run(["summarize", path])
        let piped = try await BuiltProduct.agora.run(["run", "Agents/pipelines/summarize.yaml", "--input", "transcript=\(path)"])
        #expect(direct.status == 0 && piped.status == 0, "\(direct.stderr)\(piped.stderr)")
        #expect(direct.stdout.hasPrefix("# Summary of \(transcript)\n"))
        #expect(Array(piped.stdout.utf8) == Array(direct.stdout.utf8))
    }

    @Test func dryRunPrintsThePlanWithoutCallingAModel() async throws {
        let result = try await BuiltProduct.agora.run(["run", "--dry-run", "Agents/pipelines/summarize.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "pipeline summarize (Agents/pipelines/summarize.yaml)")
        #expect(lines.contains("├── map map: segment-summarizer over each of segments as segment-1, segment-2, … (all at once) → summaries"))
        #expect(lines.contains("│   agent reducer: backend local:extractive"))
        #expect(lines.contains("├── agent digest: digest-writer on takeaways → tldr"))
        #expect(lines.last?.hasPrefix("└── call digest(") == true)
    }

    @Test func writerCriticRunsOnTheTestBackEnd() async throws {
        let result = try await BuiltProduct.agora.run(["run", "Examples/pipelines/writer-critic.yaml", "--input", "topic=queues"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Topic: queues Previous draft: Topic: queues"))
    }

    @Test func marketReportGoesToStandardErrorAndTheOutputStaysTheSame() async throws {
        let arguments = ["run", "Examples/pipelines/market-summary.yaml", "--input", "transcript=Examples/transcripts/talk-tool-latency.txt"]
        let plain = try await BuiltProduct.agora.run(arguments)
        let reported = try await BuiltProduct.agora.run(arguments + ["--market-report"])
        #expect(plain.status == 0 && reported.status == 0, "\(plain.stderr)\(reported.stderr)")
        #expect(plain.stderr.isEmpty)
        #expect(reported.stdout == plain.stdout)
        #expect(reported.stderr.hasPrefix("\n## Market ledger\n\n_Policy best-value · seed 1 · 1 tasks · 1 auctions (0 re-auctions)"))
        #expect(reported.stderr.contains("| task | 1 | 2 | quick | 1.0000 |"))
        #expect(reported.stderr.contains("| agent:root/market | 3.000000 | 2.000000 |\n"))
        #expect(reported.stderr.contains("| worker:quick | 0.000000 | 1.000000 |\n"))
        #expect(reported.stderr.contains("2 transfers; money conserved."))

        let plan = try await BuiltProduct.agora.run(["run", "--dry-run", "Examples/pipelines/market-summary.yaml"])
        #expect(plan.stdout.contains("└── market market: an auction among 2 workers, awarded by best-value → summary\n"))
        #expect(plan.stdout.contains("    budget 3 credits · deadline 30 s\n"))
        #expect(plan.stdout.contains("    agent quick: backend local:extractive · bids 1\n"))
    }

    @Test func inputErrorsAreOneLine() async throws {
        let missing = try await BuiltProduct.agora.run(["run", "Agents/pipelines/summarize.yaml"])
        #expect(missing.status != 0)
        #expect(missing.stderr == "agora: the pipeline needs --input transcript=...\n")
        let typo = try await BuiltProduct.agora.run(["run", "Agents/pipelines/summarize.yaml", "--input", "transcrip=x"])
        #expect(typo.stderr == "agora: --input 'transcrip': the pipeline has no such input; it takes transcript (did you mean 'transcript'?)\n")
    }

    @Test func agentsCheckReportsOneLinePerMistake() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agora-agents-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.md")
        try "---\nname: bad\nbacknd: local\ntools: [recal]\n---\nBody\n".write(to: bad, atomically: true, encoding: .utf8)
        let result = try await BuiltProduct.agora.run(["agents", "check", bad.path])
        #expect(result.status != 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasSuffix("bad.md:3: field 'backnd': unknown key in the agent's fields; expected one of name, description, prompt, backend, tools, needs_approval, tool_calls, max_turns, budget, memory, timeout (did you mean 'backend'?)") == true)
        #expect(lines.last?.contains("bad.md:4: field 'tools': unknown tool 'recal'") == true)

        let good = try await BuiltProduct.agora.run(["agents", "check"])
        #expect(good.status == 0, "\(good.stderr)")
        let list = try await BuiltProduct.agora.run(["agents", "list"])
        #expect(list.stdout.contains("segment-summarizer"))
    }
}
