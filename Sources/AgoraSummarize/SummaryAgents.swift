import AgoraCore

/// The agents of the summarisation swarm. Their text mirrors `Agents/*.md` in the repository (a test keeps the
/// two in step) so that the swarm runs the same from any folder.
public struct SummaryAgents: Sendable, Hashable {
    public var segment: AgentDefinition
    public var reducer: AgentDefinition
    public var digest: AgentDefinition

    public init(segment: AgentDefinition, reducer: AgentDefinition, digest: AgentDefinition) {
        self.segment = segment
        self.reducer = reducer
        self.digest = digest
    }

    public static let standard = SummaryAgents(
        segment: AgentDefinition(
            name: "segment-summarizer",
            description: "Summarises one segment of a transcript.",
            instructions: """
                You summarise one segment of a transcript of a talk or a meeting. Keep the decisions, facts, \
                numbers, open questions and who is responsible for what. Leave out greetings, fillers and small talk. \
                Write plain sentences, one per line, without speaker labels or bullets.
                """,
            backend: "local:extractive"
        ),
        reducer: AgentDefinition(
            name: "reducer",
            description: "Merges several partial summaries into one.",
            instructions: """
                You merge partial summaries of consecutive parts of one transcript into a single summary. Keep what \
                matters for the whole, drop repetition, keep the order of events. Write plain sentences, one per \
                line, without bullets.
                """,
            backend: "local:extractive"
        ),
        digest: AgentDefinition(
            name: "digest-writer",
            description: "Writes the TL;DR of a transcript from its summary.",
            instructions: """
                You write the TL;DR of a transcript from its summary: the one or two sentences a reader must know. \
                Write plain sentences, one per line.
                """,
            backend: "local:extractive"
        )
    )
}
