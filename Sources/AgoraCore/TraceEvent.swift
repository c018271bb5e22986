/// Something that happened in a run, stamped with the agent it happened to and the time since the run began.
public struct TraceEvent: Sendable, Hashable, Codable {
    public enum Kind: Sendable, Hashable, Codable {
        case agentStarted(name: String)
        case agentFinished(outcome: AgentOutcome, seconds: Double)
        case modelCallQueued(backend: String)
        /// `waitSeconds`: time spent queued at the model gate.
        case modelCallStarted(backend: String, waitSeconds: Double)
        case modelCallFinished(backend: String, usage: TokenUsage, seconds: Double, failed: Bool)
        case toolCallQueued(tool: String)
        case toolCallStarted(tool: String, waitSeconds: Double)
        case toolCallFinished(tool: String, runSeconds: Double, resumeSeconds: Double, outcome: String)
        case note(String)
    }

    /// Seconds since the run started.
    public var time: Double
    public var runID: String
    public var path: AgentPath
    public var kind: Kind

    public init(time: Double, runID: String, path: AgentPath, kind: Kind) {
        self.time = time
        self.runID = runID
        self.path = path
        self.kind = kind
    }
}

/// How an agent's run ended.
public enum AgentOutcome: String, Sendable, Hashable, Codable {
    case succeeded, failed, cancelled
}

/// Receives trace events. Called from many threads at once and on hot paths: be quick, never block for long.
public protocol TraceSink: Sendable {
    func record(_ event: TraceEvent)
}
