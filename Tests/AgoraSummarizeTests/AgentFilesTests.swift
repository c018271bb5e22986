import AgoraCore
import AgoraDefinitions
@testable import AgoraSummarize
import Foundation
import Testing

/// The swarm's agents are the files in Agents/, compiled in by the EmbedAgentFiles build plugin: the embedded
/// text must be each file byte for byte (the literal keeps its last line break, quotes and backslashes), and it
/// must parse with the agent-file parser users' files go through.
@Suite struct AgentFilesTests {
    static let agentsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Agents")

    @Test(arguments: ["segment-summarizer", "reducer", "digest-writer"])
    func theEmbeddedTextIsTheFile(_ name: String) throws {
        let path = Self.agentsFolder.appendingPathComponent(name + ".md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(embeddedAgentFiles[name] == text)
        #expect(try AgentFile.parse(text, file: path) == SummaryAgents.embedded(name))
    }

    @Test func theStandardAgentsAreTheFilesAgents() {
        let agents = SummaryAgents.standard
        #expect([agents.segment.name, agents.reducer.name, agents.digest.name] == ["segment-summarizer", "reducer", "digest-writer"])
        #expect(agents.segment.instructions.hasPrefix("You write short, accurate summaries"))
    }

    /// The prompts put the data first and the task after it, and name every placeholder the swarm fills.
    @Test(arguments: [
        SummaryAgents.standard.segment, SummaryAgents.standard.reducer, SummaryAgents.standard.digest,
    ])
    func promptsFrameTheTextBeforeTheTask(_ definition: AgentDefinition) throws {
        let prompt = try #require(definition.prompt)
        let text = try #require(prompt.range(of: "{text}"))
        let words = try #require(prompt.range(of: "{words}"))
        #expect(text.upperBound < words.lowerBound)
        #expect(prompt.contains("{speakers}"))
    }
}
