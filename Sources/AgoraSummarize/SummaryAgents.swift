import AgoraCore
import AgoraDefinitions

/// The agents of the summarisation swarm. Their only text is the repository's `Agents/*.md`, compiled in, so the
/// swarm runs the same from any folder and an edited file is an edited swarm.
public struct SummaryAgents: Sendable, Hashable {
    public var segment: AgentDefinition
    public var reducer: AgentDefinition
    public var digest: AgentDefinition

    public init(segment: AgentDefinition, reducer: AgentDefinition, digest: AgentDefinition) {
        self.segment = segment
        self.reducer = reducer
        self.digest = digest
    }

    /// The agents of `Agents/segment-summarizer.md`, `reducer.md` and `digest-writer.md`, compiled in by the
    /// EmbedAgentFiles build plugin and read with the parser users' agent files go through.
    public static let standard = SummaryAgents(
        segment: embedded("segment-summarizer"), reducer: embedded("reducer"), digest: embedded("digest-writer"))

    /// An embedded agent file, parsed. The files are part of the build (a test loads each), so one that does not
    /// parse is a broken build, not a run-time condition.
    static func embedded(_ name: String) -> AgentDefinition {
        guard let text = embeddedAgentFiles[name] else { preconditionFailure("Agents/\(name).md is not embedded (no such file in Agents/)") }
        do {
            return try AgentFile.parse(text, file: "Agents/\(name).md")
        } catch {
            preconditionFailure("Agents/\(name).md: \(error)")
        }
    }
}
