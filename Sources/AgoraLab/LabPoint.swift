/// What one run of the lab measured.
public struct LabPoint: Sendable, Hashable {
    public var configuration: LabConfiguration
    public var makespanSeconds: Double
    /// Busy slot-time over total slot-time, 0...1, on the device's own clock.
    public var utilisation: Double
    /// Idle slot-time while tools ran, over total slot-time.
    public var toolIdleFraction: Double
    public var tokens: Int
    public var tokensPerSecond: Double
    public var tokensPerJoule: Double
    public var energyJoules: Double
    /// Top-level agents' latency (start to finish, subtree included), in seconds.
    public var agentLatencyP50: Double
    public var agentLatencyP99: Double
    public var modelCalls: Int
    public var toolCalls: Int
    /// Tool threads seen running tool bodies.
    public var toolThreadsUsed: Int

    public var toolMilliseconds: Double { configuration.toolLatency.milliseconds }

    /// The `--json` object: snake_case keys, numbers rounded for reading.
    public var jsonObject: [String: any Sendable] {
        var object: [String: any Sendable] = [
            "tool_ms": toolMilliseconds,
            "tool_distribution": configuration.toolLatency.distributionName,
            "pool": configuration.placement.rawValue,
            "agents": configuration.workload.agents,
            "agents_in_flight": configuration.agentsInFlight,
            "depth": configuration.workload.depth,
            "gate_policy": configuration.policyName,
            "slots": configuration.profile.slots,
            "utilisation": Self.round(utilisation, 4),
            "tool_idle_fraction": Self.round(toolIdleFraction, 4),
            "makespan_s": Self.round(makespanSeconds, 4),
            "tokens": tokens,
            "tokens_per_s": Self.round(tokensPerSecond, 1),
            "tokens_per_joule": Self.round(tokensPerJoule, 4),
            "energy_j": Self.round(energyJoules, 2),
            "agent_p50_s": Self.round(agentLatencyP50, 4),
            "agent_p99_s": Self.round(agentLatencyP99, 4),
            "model_calls": modelCalls,
            "tool_calls": toolCalls,
            "tool_threads_used": toolThreadsUsed,
            "seed": Int(truncatingIfNeeded: configuration.seed),
        ]
        if let threads = configuration.toolThreads { object["tool_threads"] = threads }
        return object
    }

    static func round(_ value: Double, _ places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}

/// Who was busy when during one run: the device's slots and the threads that ran tool bodies.
public struct LabTimeline: Sendable, Hashable {
    public struct Lane: Sendable, Hashable {
        public var name: String
        public var spans: [LabMetrics.Span]
    }

    public var title: String
    public var seconds: Double
    public var slots: [Lane]
    public var toolThreads: [Lane]
}

/// A point and the timeline it came from.
public struct LabRun: Sendable {
    public var point: LabPoint
    public var timeline: LabTimeline
}
