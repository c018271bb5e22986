import AgoraCore
import AgoraSummarize
import Foundation
import Testing

/// The swarm's compiled-in agents and the files in Agents/ must say the same thing.
@Suite struct AgentFilesTests {
    static let agentsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Agents")

    /// Front matter `key: value` lines between `---` fences, then the body.
    func load(_ name: String) throws -> (fields: [String: String], body: String) {
        let text = try String(contentsOf: Self.agentsFolder.appendingPathComponent(name + ".md"), encoding: .utf8)
        let parts = text.components(separatedBy: "---\n")
        try #require(parts.count >= 3 && parts[0].isEmpty, "\(name).md must start with a --- front matter block")
        var fields: [String: String] = [:]
        for line in parts[1].split(separator: "\n") {
            let pair = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            fields[pair[0]] = pair.count > 1 ? pair[1] : ""
        }
        return (fields, parts[2...].joined(separator: "---\n").trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(arguments: [
        SummaryAgents.standard.segment, SummaryAgents.standard.reducer, SummaryAgents.standard.digest,
    ])
    func agentFileMatchesTheCompiledInDefinition(_ definition: AgentDefinition) throws {
        let file = try load(definition.name)
        #expect(file.fields["name"] == definition.name)
        #expect(file.fields["description"] == definition.description)
        #expect(file.fields["backend"] == definition.backend)
        #expect(file.body == definition.instructions)
    }
}
