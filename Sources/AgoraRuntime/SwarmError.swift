import AgoraCore

/// A failure of the runtime itself, always naming the agent it happened to.
public enum SwarmError: Error, Sendable, Hashable, CustomStringConvertible {
    case depthLimitExceeded(path: AgentPath, limit: Int)
    case liveAgentLimitExceeded(path: AgentPath, limit: Int)
    case totalAgentLimitExceeded(path: AgentPath, limit: Int)
    case unknownBackend(id: String, path: AgentPath, known: [String])
    case noBackend(path: AgentPath)

    public var description: String {
        switch self {
        case .depthLimitExceeded(let path, let limit):
            "agent \(path) is at depth \(path.depth), over the limit of \(limit) (max depth)"
        case .liveAgentLimitExceeded(let path, let limit):
            "agent \(path) would be agent number \(limit + 1) alive at once, over the limit of \(limit) (max live agents)"
        case .totalAgentLimitExceeded(let path, let limit):
            "agent \(path) would exceed the run's limit of \(limit) agents in total (max agents)"
        case .unknownBackend(let id, let path, let known):
            "agent \(path) asked for back end '\(id)', which this swarm does not have (it has: \(known.joined(separator: ", ")))"
        case .noBackend(let path):
            "agent \(path) asked a model, but names no back end and the swarm has no default"
        }
    }
}

/// An agent's body threw: carries the path of the agent where the error arose, so a failure deep in a tree
/// is reported where it happened, not only at the root.
public struct AgentFailure: Error, Sendable, CustomStringConvertible {
    public let path: AgentPath
    public let underlying: any Error

    public init(path: AgentPath, underlying: any Error) {
        self.path = path
        self.underlying = underlying
    }

    public var description: String {
        if let swarmError = underlying as? SwarmError { return swarmError.description }
        return "agent \(path) failed: \(underlying)"
    }
}
