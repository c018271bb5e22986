import AgoraTestSupport
import Foundation
import Testing

/// `agora summarize --backend openai` end to end, over real sockets, against a server the test starts.
@Suite struct SummarizeOverHTTPTests {
    @Test func theSwarmSummarisesThroughAnOpenAICompatibleServer() async throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let folder = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let trace = folder.appendingPathComponent("trace.jsonl")
        // The "model" answers the first line of what it is given, and refuses more than 300 words of context:
        // 500-word segments must be split and retried.
        let result = try await BuiltProduct.agora.run([
            "summarize", Repository.transcript("meeting-launch-planning.txt"),
            "--backend", "openai", "--base-url", server.baseURL, "--model", "fixture",
            "--header", "X-Fixture: first-line", "--header", "X-Fixture-Max-Words: 300", "--trace", trace.path,
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        for heading in ["## TL;DR", "## Key takeaways", "## Detailed summary"] { #expect(result.stdout.contains(heading)) }
        // The first line of the material it was handed: the first turn, cleaned, without its label or timestamp.
        #expect(result.stdout.contains("- Aiko, you're on?"))
        let events = try String(contentsOf: trace, encoding: .utf8)
        #expect(events.contains("\"backend\":\"openai:fixture\""))
        #expect(events.contains("/split-1\""), "a segment over the context was split in two")
    }

    @Test func oneDeadAndOneLiveBaseURLStillComplete() async throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let result = try await BuiltProduct.agora.run([
            "summarize", Repository.transcript("talk-tool-latency.txt"),
            "--backend", "openai", "--base-url", "http://127.0.0.1:1/v1", "--base-url", server.baseURL, "--model", "fixture",
            "--header", "X-Fixture: first-line",
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("## Key takeaways"))
    }

    @Test func anUnreachableServerIsOneLineNamingTheEndpoint() async throws {
        let result = try await BuiltProduct.agora.run([
            "summarize", Repository.transcript("talk-tool-latency.txt"),
            "--backend", "openai", "--base-url", "http://127.0.0.1:1/v1", "--model", "fixture",
        ])
        #expect(result.status != 0)
        #expect(result.stderr.split(separator: "\n").count == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("127.0.0.1:1"))
        #expect(result.stderr.contains("root/map/segment-"))
    }
}
