import AgoraTestSupport
import Foundation
import Testing

/// `agora ask`: an LLM-driven agent that uses a tool and delegates to a sub-agent, against an
/// OpenAI-compatible server over real sockets (the fixture plays the model: it calls the tools it is offered).
@Suite struct AskOverHTTPTests {
    @Test func theLeadDelegatesAndTheResearcherCountsWords() async throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let result = try await BuiltProduct.agora.run([
            "ask", "How many words in: one two three four?", "--agent", "lead",
            "--agents", Repository.root.appendingPathComponent("Agents").path,
            "--backend", "openai", "--base-url", server.baseURL, "--model", "fixture",
            "--header", "X-Fixture: agent", "--verbose",
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        // The researcher's word_count result travels back up through the delegate call to the lead's answer.
        #expect(result.stdout.contains("4"), "stdout: \(result.stdout)")
        #expect(result.stdout.hasPrefix("Answer: "))
        #expect(result.stderr.contains("delegate"))
        #expect(result.stderr.contains("word_count"))
        #expect(result.stderr.contains("agents 2"), "two agents: the lead and the researcher it delegated to")
    }
}
