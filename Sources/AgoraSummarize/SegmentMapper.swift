import AgoraCore
import AgoraRuntime

/// One segment's work in the map step, with the request the default map agent would send for it.
public struct SegmentJob: Sendable {
    public var segment: Segment
    /// The summarisation request for the segment, exactly as the swarm's own map agents ask it.
    public var request: ModelRequest
    /// The length the request aims at, in words.
    public var targetWords: Int
}

/// A replacement for the summarisation swarm's map step: given every segment's job, return the model's answer
/// text for each, in order. It runs as the body of the `map` agent, so the agents it spawns sit below it. The
/// swarm reads the answers as it reads its own map agents' (one sentence a line). `agora summarize --economy`
/// uses it to put the segments out to a market of workers.
///
/// ```swift
/// let swarm = SummarizationSwarm(options: options, mapStep: { jobs, map in
///     try await map.map(jobs, name: "segment") { agent, job in try await agent.ask(job.request).text }
/// })
/// ```
public typealias SegmentMapper = @Sendable (_ jobs: [SegmentJob], _ map: AgentContext) async throws -> [String]
