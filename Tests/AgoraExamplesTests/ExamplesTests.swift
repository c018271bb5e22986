import AgoraTestSupport
import Foundation
import Testing

/// Every example, run as a real process against the scripted back end, as a user would run it.
@Suite struct ExamplesTests {
    func run(_ name: String, _ arguments: [String] = []) async throws -> String {
        let result = try await BuiltProduct(name).run(["--scripted"] + arguments)
        #expect(result.status == 0, "\(name): \(result.stderr)")
        #expect(result.stderr.isEmpty)
        return result.stdout
    }

    @Test func transcriptSummary() async throws {
        let output = try await run("TranscriptSummary")
        #expect(output.hasPrefix("## TL;DR\n\nThanks, everyone."))
        #expect(output.contains("## Key takeaways\n\n- Thanks, everyone."))
        // root, 5 segments, the reduce agent with 2 level children... and the TL;DR's root and agent.
        #expect(output.hasSuffix("_13 agents, 11 model calls_\n"))
    }

    @Test func writerCriticStopsWhenTheCriticApproves() async throws {
        let output = try await run("WriterCritic", ["queues"])
        #expect(output == "Draft 2: a paragraph about queues.\n\n(2 passes; the critic said: APPROVED)\n")
    }

    @Test func researchSwarmDelegatesThreeLevelsDeep() async throws {
        let output = try await run("ResearchSwarm", ["Q?"])
        #expect(output.contains("agents (15):"))
        #expect(output.contains("  root/researcher-2/researcher-1/researcher-2\n"))
        #expect(output.hasPrefix("Answer to Q? (a) (a) (a). Answer to Q? (a) (a) (b)."))
    }

    @Test func marketSummaryAwardsTheBestValueWithinTheBudget() async throws {
        let output = try await run("MarketSummary")
        #expect(output.hasPrefix("5 tenders, each awarded to quick at 1.5 credits\n"))
        #expect(output.contains("### Segment 5\n\n[Summarise briefly] "))
        #expect(output.hasSuffix("The buyers paid 7.5 credits in all; every ledger balances.\n"))
    }

    @Test func memoryNotesRemembersAcrossTwoRuns() async throws {
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("agora-notes-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: workspace + suffix) } }
        let first = try await run("MemoryNotes", ["--workspace", workspace, "latency"])
        #expect(first == "recalled 0 earlier notes\nNote 1 on latency: builds on 0 earlier notes.\n")
        let second = try await run("MemoryNotes", ["--workspace", workspace, "latency"])
        #expect(second == "recalled 1 earlier notes\nNote 2 on latency: builds on 1 earlier note.\n")
    }

    @Test func quickStart() async throws {
        let result = try await BuiltProduct("QuickStart").run([])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("(10 agents)\n"))
    }
}

/// docs/pipelines.md shows a complete pipeline file and a complete Swift program: they must be the shipped,
/// tested ones, word for word.
@Suite struct PipelineDocsTests {
    /// The first block of `language` that starts with `prefix` (the docs also show snippets of a few lines).
    static func block(_ language: String, in text: String, startingWith prefix: String = "") -> String? {
        var cursor = text.startIndex
        while let start = text.range(of: "```\(language)\n", range: cursor..<text.endIndex),
              let end = text.range(of: "\n```", range: start.upperBound..<text.endIndex) {
            let block = String(text[start.upperBound..<end.lowerBound]) + "\n"
            if block.hasPrefix(prefix) { return block }
            cursor = end.upperBound
        }
        return nil
    }

    @Test func docsShowTheTestedFiles() async throws {
        let root = Repository.root
        let docs = try String(contentsOf: root.appendingPathComponent("docs/pipelines.md"), encoding: .utf8)
        #expect(Self.block("yaml", in: docs) == (try String(contentsOf: root.appendingPathComponent("Examples/pipelines/brief.yaml"), encoding: .utf8)))
        #expect(Self.block("swift", in: docs, startingWith: "import Agora\n") == (try String(contentsOf: root.appendingPathComponent("Examples/QuickStart/main.swift"), encoding: .utf8)))
        let run = try await BuiltProduct.agora.run(["run", "Examples/pipelines/brief.yaml", "--input", "transcript=Examples/transcripts/talk-tool-latency.txt"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("A hundred and forty milliseconds, model turn plus tool call."))
    }
}
