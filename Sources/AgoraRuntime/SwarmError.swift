import Foundation
import AgoraCore

/// A failure of the runtime itself, always naming the agent it happened to.
public enum SwarmError: Error, Sendable, Hashable, CustomStringConvertible {
    case depthLimitExceeded(path: AgentPath, limit: Int)
    case liveAgentLimitExceeded(path: AgentPath, limit: Int)
    case totalAgentLimitExceeded(path: AgentPath, limit: Int)
    case unknownBackend(id: String, path: AgentPath, known: [String])
    case noBackend(path: AgentPath)
    /// The agent ran past its own timeout.
    case timedOut(path: AgentPath, after: Duration)
    /// The agent's budget cannot pay for the next model call: `needed` is that call's worst case.
    case budgetExhausted(path: AgentPath, remaining: Budget, needed: Budget)
    /// A parent tried to grant a child more than it has left.
    case budgetGrantTooLarge(path: AgentPath, requested: Budget, available: Budget)
    /// A child failed more often within its restart window than its policy allows; `last` is its last error.
    case restartsExhausted(path: AgentPath, restarts: Int, last: String)

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
        case .timedOut(let path, let limit):
            "agent \(path) timed out after \(limit)"
        case .budgetExhausted(let path, let remaining, let needed):
            "agent \(path) is out of budget: \(Self.describe(remaining)) left, the next model call may need \(Self.describe(needed))"
        case .budgetGrantTooLarge(let path, let requested, let available):
            "agent \(path) was granted \(Self.describe(requested)) but its parent has only \(Self.describe(available)) left"
        case .restartsExhausted(let path, let restarts, let last):
            "agent \(path) failed again after \(restarts) restart(s) within its window: \(last)"
        }
    }
}

extension SwarmError {
    static func describe(_ budget: Budget) -> String {
        var parts: [String] = []
        if let credits = budget.credits { parts.append(String(format: "%.4f credits", max(0, credits.value))) }
        if let tokens = budget.tokens { parts.append("\(max(0, tokens)) tokens") }
        return parts.isEmpty ? "an unlimited budget" : parts.joined(separator: " and ")
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
