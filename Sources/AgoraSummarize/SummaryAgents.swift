import AgoraCore

/// The agents of the summarisation swarm. Their text mirrors `Agents/*.md` in the repository (a test reads those
/// files with the agent-file parser and compares every field) so that the swarm runs the same from any folder.
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
                You write short, accurate summaries of meetings and talks. Keep the decisions, facts, numbers, open questions and who is responsible for what. Leave out greetings, fillers and small talk. Write plain sentences, one per line, without speaker labels, timestamps or bullets.
                """,
            prompt: #"""
                Here is what was said in one part of a meeting or talk{speakers}:

                """
                {text}
                """

                Write a summary of this part in about {words} words: 3 to 5 plain sentences, one per line, in the third person. Keep the decisions, facts, numbers, dates and who is responsible for what.
                """#,
            backend: "local:extractive"
        ),
        reducer: AgentDefinition(
            name: "reducer",
            description: "Merges several partial summaries into one.",
            instructions: """
                You merge partial summaries of consecutive parts of one transcript into a single summary. Keep what matters for the whole, drop repetition, keep the order of events. Write plain sentences, one per line, without speaker labels or bullets.
                """,
            prompt: #"""
                Here are summaries of consecutive parts of one meeting or talk{speakers}:

                """
                {text}
                """

                Merge them into one summary of about {words} words: plain sentences, one per line, in the order of events. Keep what matters for the whole and say each thing once.
                """#,
            backend: "local:extractive"
        ),
        digest: AgentDefinition(
            name: "digest-writer",
            description: "Writes the TL;DR of a transcript from its summary.",
            instructions: """
                You write the TL;DR of a transcript from its summary: the one or two sentences a reader must know. Write plain sentences, one per line.
                """,
            prompt: #"""
                Here is the summary of a meeting or talk{speakers}:

                """
                {text}
                """

                Write its TL;DR in about {words} words: the one or two plain sentences a reader must know.
                """#,
            backend: "local:extractive"
        )
    )
}
