import AgoraCore
import Synchronization

/// The runtime's record of one live agent: its place in the tree, its deadline, its budget, and its usage.
@usableFromInline
final class AgentNode: Sendable {
    @usableFromInline let path: AgentPath
    @usableFromInline let parent: AgentNode?
    /// Its definition and supervision settings; nil for a plain agent.
    @usableFromInline let settings: AgentSettings?
    /// When the agent must be done: its own timeout or its parent's deadline, whichever is earlier.
    let deadline: ContinuousClock.Instant?
    /// The account its model calls spend from: its own grant, else its parent's.
    let account: BudgetAccount?
    /// Own usage plus the subtree usage of its finished children.
    private let usage = Mutex(AgentUsage.zero)

    init(path: AgentPath, parent: AgentNode?, settings: AgentSettings?, deadline: ContinuousClock.Instant?, account: BudgetAccount?) {
        self.path = path
        self.parent = parent
        self.settings = settings
        self.deadline = deadline
        self.account = account
    }

    var subtreeUsage: AgentUsage { usage.withLock { $0 } }

    func add(_ amount: AgentUsage) {
        usage.withLock { $0 += amount }
    }

    /// Counts the agent itself and its wall time, and returns its whole subtree's usage, under one lock.
    func finish(seconds: Double) -> AgentUsage {
        usage.withLock { usage in
            usage.agents += 1
            usage.agentSeconds += seconds
            return usage
        }
    }
}
