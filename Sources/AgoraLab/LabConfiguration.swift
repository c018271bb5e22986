import AgoraRuntime

/// The swarm a lab run drives: `agents` top-level agents, each doing `toolCallsPerAgent` rounds of
/// "ask the model, then call a tool", then (below `depth`) spawning `fanOut` sub-agents that do the same,
/// and finally asking the model once more for its answer.
public struct LabWorkload: Sendable, Hashable {
    public var agents: Int
    /// 1: the top-level agents only; 2: each also spawns `fanOut` children; and so on.
    public var depth: Int
    public var fanOut: Int
    public var toolCallsPerAgent: Int
    public var inputTokens: Int
    public var outputTokens: Int

    public init(agents: Int = 48, depth: Int = 1, fanOut: Int = 2, toolCallsPerAgent: Int = 3, inputTokens: Int = 128, outputTokens: Int = 8) {
        self.agents = max(1, agents)
        self.depth = max(1, depth)
        self.fanOut = max(1, fanOut)
        self.toolCallsPerAgent = max(0, toolCallsPerAgent)
        self.inputTokens = max(1, inputTokens)
        self.outputTokens = max(0, outputTokens)
    }

    /// Agents in one top-level agent's subtree, itself included.
    public var agentsPerTree: Int {
        var total = 0
        var level = 1
        for _ in 0..<depth {
            total += level
            level *= fanOut
        }
        return total
    }

    public var modelCalls: Int { agents * agentsPerTree * (toolCallsPerAgent + 1) }
    public var toolCalls: Int { agents * agentsPerTree * toolCallsPerAgent }
}

/// Where the blocking tool body runs.
public enum LabToolPlacement: String, Sendable, Hashable, CaseIterable {
    /// `AgentContext.runTool`: the swarm's dedicated tool threads; the agent suspends meanwhile.
    case dedicated
    /// The same blocking closure called directly inside the agent's task: it holds a cooperative thread.
    case cooperative
}

/// One point of a sweep: a workload, a device, tools, and the runtime's knobs.
public struct LabConfiguration: Sendable, Hashable {
    public var workload: LabWorkload
    public var profile: AcceleratorProfile
    public var toolLatency: ToolLatency
    public var placement: LabToolPlacement
    /// Dedicated tool threads, fixed (no elastic growth); nil for the runtime's default elastic pool.
    public var toolThreads: Int?
    /// Top-level agents running at once; the rest start as others finish.
    public var agentsInFlight: Int
    public var gatePolicy: ModelGate.Policy
    public var seed: UInt64

    public init(
        workload: LabWorkload = LabWorkload(),
        profile: AcceleratorProfile = AcceleratorProfile(),
        toolLatency: ToolLatency = .fixed(milliseconds: 0),
        placement: LabToolPlacement = .dedicated,
        toolThreads: Int? = nil,
        agentsInFlight: Int? = nil,
        gatePolicy: ModelGate.Policy = .fifo,
        seed: UInt64 = 1
    ) {
        self.workload = workload
        self.profile = profile
        self.toolLatency = toolLatency
        self.placement = placement
        self.toolThreads = toolThreads.map { max(1, $0) }
        self.agentsInFlight = max(1, agentsInFlight ?? workload.agents)
        self.gatePolicy = gatePolicy
        self.seed = seed
    }

    public var policyName: String { gatePolicy == .fifo ? "fifo" : "subtree" }

    /// Everything but the tool latency: the line this point belongs to on a chart.
    public var seriesLabel: String {
        var parts = [placement.rawValue, "\(agentsInFlight) in flight", policyName]
        if let toolThreads { parts.append("\(toolThreads) tool threads") }
        return parts.joined(separator: " · ")
    }
}
