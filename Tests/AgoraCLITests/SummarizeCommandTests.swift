import AgoraTestSupport
import Foundation
import Testing

@Suite struct SummarizeCommandTests {
    @Test(arguments: ["meeting-launch-planning.txt", "talk-tool-latency.txt"])
    func digestHasItsSectionsAndEveryBulletComesFromTheSource(_ example: String) async throws {
        let path = Repository.transcript(example)
        let result = try await BuiltProduct.agora.run(["summarize", path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let digest = result.stdout
        for heading in ["## TL;DR", "## Key takeaways", "## Detailed summary"] {
            #expect(digest.contains("\n\(heading)\n"), "missing \(heading)")
        }
        let bullets = digest.split(separator: "\n").filter { $0.hasPrefix("- ") }.map { $0.dropFirst(2) }
        #expect(bullets.count >= 3)

        // Every bullet is a sentence of one turn of the source, cleaned: its words in the same order.
        let source = try String(contentsOfFile: path, encoding: .utf8)
        let turns = source.split(separator: "\n").map { tokens($0) }
        let speakers = Set(source.split(separator: "\n").compactMap { line -> Substring? in
            guard let close = line.firstIndex(of: "]"),
                let colon = line[close...].firstIndex(of: ":") else { return nil }
            return line[line.index(after: close)..<colon].drop { $0 == " " }
        })
        for bullet in bullets {
            let words = tokens(bullet)
            #expect(turns.contains { isSubsequence(words, of: $0) }, "not from the source: \(bullet)")
            #expect(!speakers.contains { bullet.hasPrefix($0 + ":") }, "speaker label left in: \(bullet)")
            for filler in ["uh", "um", "mm", "hmm"] {
                #expect(!words.contains(Substring(filler)), "filler '\(filler)' left in: \(bullet)")
            }
        }
    }

    @Test func jsonCarriesTheSameDigest() async throws {
        let path = Repository.transcript("meeting-launch-planning.txt")
        let markdown = try await BuiltProduct.agora.run(["summarize", path, "--fan-in", "3"])
        let json = try await BuiltProduct.agora.run(["summarize", path, "--fan-in", "3", "--format", "json"])
        #expect(json.status == 0, "stderr: \(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let takeaways = try #require(object["key_takeaways"] as? [String])
        let sections = try #require(object["sections"] as? [[String: Any]])
        #expect(!takeaways.isEmpty)
        #expect(!sections.isEmpty)
        for takeaway in takeaways { #expect(markdown.stdout.contains("- \(takeaway)\n")) }
        #expect((sections.first?["start_time"] as? String)?.hasPrefix("00:") == true)
    }

    @Test func sentencesFormatPrintsOnlyTheSummaryAtTheRequestedLength() async throws {
        let result = try await BuiltProduct.agora.run(["summarize", Repository.transcript("talk-tool-latency.txt"), "--format", "sentences", "--words", "60"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        let words = lines.map { $0.split(separator: " ").count }
        #expect(!lines.isEmpty)
        #expect(!result.stdout.contains("#"))
        // Sentences are taken until the total reaches 60: without the last one it is still under 60.
        #expect(words.reduce(0, +) >= 60)
        #expect(words.dropLast().reduce(0, +) < 60)
    }

    @Test func readsStandardInputAndWritesTheOutputFile() async throws {
        let folder = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try Data(contentsOf: URL(fileURLWithPath: Repository.transcript("meeting-launch-planning.txt")))
        let output = folder.appendingPathComponent("digest.md")
        let trace = folder.appendingPathComponent("trace.jsonl")
        let result = try await BuiltProduct.agora.run(["summarize", "-", "--output", output.path, "--trace", trace.path], stdin: input)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        let digest = try String(contentsOf: output, encoding: .utf8)
        #expect(digest.hasPrefix("# Summary of stdin\n"))
        // A second run replaces the file it wrote.
        let again = try await BuiltProduct.agora.run(["summarize", Repository.transcript("talk-tool-latency.txt"), "--output", output.path])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(try String(contentsOf: output, encoding: .utf8).hasPrefix("# Summary of talk-tool-latency.txt\n"))
        let events = try String(contentsOf: trace, encoding: .utf8).split(separator: "\n")
        let parsed = try events.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(parsed.contains { $0["event"] as? String == "agent_started" && $0["agent"] as? String == "root/map/segment-1" })
        let started = parsed.filter { $0["event"] as? String == "agent_started" }.count
        let finished = parsed.filter { $0["event"] as? String == "agent_finished" }.count
        #expect(started == finished && started > 5)
    }
}

@Suite struct RememberTests {
    @Test func rememberedTakeawaysAreRecalledInALaterRun() async throws {
        let folder = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let memory = folder.appendingPathComponent("memory.sqlite").path
        let summary = try await BuiltProduct.agora.run(["summarize", Repository.transcript("meeting-launch-planning.txt"), "--format", "json",
                                            "--remember", "--memory", memory])
        #expect(summary.status == 0, "stderr: \(summary.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(summary.stdout.utf8)) as? [String: Any])
        let takeaways = try #require(object["key_takeaways"] as? [String])
        let versionTakeaway = try #require(takeaways.first { $0.contains("version") }, "a takeaway about version numbers")

        let recall = try await BuiltProduct.agora.run(["recall", "server-assigned version numbers", "--memory", memory])
        #expect(recall.status == 0, "stderr: \(recall.stderr)")
        #expect(recall.stdout.contains(versionTakeaway))
        let listed = try await BuiltProduct.agora.run(["memory", "list", "--memory", memory])
        #expect(listed.stdout.contains("meeting-launch-planning.txt"))
    }

    @Test func aMemoryFileThatIsNotSQLiteFailsBeforeAnythingIsWritten() async throws {
        let folder = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let memory = folder.appendingPathComponent("notes.sqlite")
        try Data("just some notes\n".utf8).write(to: memory)
        let output = folder.appendingPathComponent("digest.md")
        let result = try await BuiltProduct.agora.run(["summarize", Repository.transcript("talk-tool-latency.txt"), "--remember",
                                           "--memory", memory.path, "--output", output.path])
        #expect(result.status != 0)
        #expect(result.stderr.split(separator: "\n").count == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.contains(memory.path))
        #expect(!FileManager.default.fileExists(atPath: output.path))
        #expect(try String(contentsOf: memory, encoding: .utf8) == "just some notes\n")
    }
}

/// Lower-case word tokens, as a reader compares sentences.
func tokens(_ text: some StringProtocol) -> [Substring] {
    text.lowercased().split { !$0.isLetter && !$0.isNumber }.map { Substring($0) }
}

/// True when `needle`'s words appear in `haystack` in the same order (gaps allowed: cleaning drops fillers).
func isSubsequence(_ needle: [Substring], of haystack: [Substring]) -> Bool {
    var index = haystack.startIndex
    for word in needle {
        guard let found = haystack[index...].firstIndex(of: word) else { return false }
        index = haystack.index(after: found)
    }
    return true
}
