import AgoraCore
import AgoraDefinitions
import AgoraSummarize
import Foundation
import Testing

/// The swarm's compiled-in agents and the files in Agents/ must say the same thing: each file is read with the
/// agent-file parser users' files go through, and every field is compared.
@Suite struct AgentFilesTests {
    static let agentsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Agents")

    @Test(arguments: [
        SummaryAgents.standard.segment, SummaryAgents.standard.reducer, SummaryAgents.standard.digest,
    ])
    func agentFileMatchesTheCompiledInDefinition(_ definition: AgentDefinition) throws {
        let path = Self.agentsFolder.appendingPathComponent(definition.name + ".md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let file = try AgentFile.parse(text, file: path)
        #expect(file == definition)
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
