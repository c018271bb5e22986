import AgoraCore
import AgoraRuntime
import Foundation

/// Runs lab points: a swarm of agents against a fresh `SimulatedAccelerator`, with tools that block.
public enum LabRunner {
    /// Runs one point. Takes as long as the simulated work takes (real time: the tools really block).
    /// - Parameter trace: also sends the swarm's trace events here (a `ChromeTraceSink`, say).
    public static func run(_ configuration: LabConfiguration, trace: (any TraceSink)? = nil) async throws -> LabRun {
        let workload = configuration.workload
        let pool: ToolPool? = switch (configuration.placement, configuration.toolThreads) {
        case (.cooperative, _): nil
        case (.dedicated, let threads?): ToolPool(threads: threads, maxThreads: threads, name: "lab-tool")
        case (.dedicated, nil): ToolPool(name: "lab-tool")
        }
        defer { pool?.shutdown() }
        let device = SimulatedAccelerator(profile: configuration.profile, defaultOutputTokens: workload.outputTokens)
        defer { device.shutdown() }
        let recorder = LabRecorder(device: device)
        let swarm = Swarm(backends: [device], trace: trace, toolPool: pool)
        swarm.gate(for: device.id)?.policy = configuration.gatePolicy
        let setup = Setup(configuration: configuration, recorder: recorder,
                          prompt: String(repeating: "tok ", count: workload.inputTokens))

        let agents = (1...workload.agents).map { index in
            ChildAgent("agent-\(index)") { context in
                let started = device.time()
                try await agent(context, level: 1, tree: index, setup)
                recorder.agentFinished(after: device.time() - started)
            }
        }
        try await swarm.run { root in
            _ = try await root.spawnAll(agents, maxConcurrent: configuration.agentsInFlight)
        }
        let end = device.time()
        let stats = device.statistics(until: end)
        return LabRun(point: point(configuration, stats: stats, recorder: recorder, swarm: swarm, end: end),
                      timeline: timeline(configuration, stats: stats, recorder: recorder, end: end))
    }

    struct Setup: Sendable {
        var configuration: LabConfiguration
        var recorder: LabRecorder
        var prompt: String
    }

    /// One agent: rounds of model then tool, its children, then a last model call for its answer.
    ///
    /// Its gate priority (used by `.subtreeFirst`) puts older trees first and, within a tree, deeper agents
    /// first: the gate finishes the subtrees it has started before it feeds new ones.
    static func agent(_ context: AgentContext, level: Int, tree: Int, _ setup: Setup) async throws {
        let priority = context.depth - 1_000 * tree
        let workload = setup.configuration.workload
        var random = SplitMix64(seed: setup.configuration.seed, stream: context.path.rawValue)
        let request = ModelRequest(messages: [.user(setup.prompt)], maxOutputTokens: workload.outputTokens)
        let recorder = setup.recorder
        for _ in 0..<workload.toolCallsPerAgent {
            _ = try await ModelGate.$priority.withValue(priority) { try await context.ask(request) }
            let seconds = setup.configuration.toolLatency.sample(using: &random)
            try await setup.configuration.placement.run({ recorder.blockingTool(seconds: seconds) }, in: context)
        }
        if level < workload.depth {
            let children = (1...workload.fanOut).map { index in
                ChildAgent("sub-\(index)") { child in try await agent(child, level: level + 1, tree: tree, setup) }
            }
            _ = try await context.spawnAll(children)
        }
        _ = try await ModelGate.$priority.withValue(priority) { try await context.ask(request) }
    }

    static func point(_ configuration: LabConfiguration, stats: AcceleratorStatistics, recorder: LabRecorder, swarm: Swarm, end: Double) -> LabPoint {
        let tools = recorder.tools
        let toolIdle = LabMetrics.toolIdleSlotSeconds(
            busy: stats.intervals.map { LabMetrics.Span(start: $0.start, end: $0.end) },
            tools: tools.map(\.span), slots: stats.slots, window: LabMetrics.Span(start: 0, end: end))
        let latencies = recorder.latencies
        let counts = swarm.stats
        return LabPoint(
            configuration: configuration,
            makespanSeconds: end,
            utilisation: stats.utilisation,
            toolIdleFraction: end > 0 ? toolIdle / (Double(stats.slots) * end) : 0,
            tokens: stats.totalTokens,
            tokensPerSecond: stats.tokensPerSecond,
            tokensPerJoule: stats.tokensPerJoule,
            energyJoules: stats.energyJoules,
            agentLatencyP50: LabMetrics.percentile(latencies, 0.5),
            agentLatencyP99: LabMetrics.percentile(latencies, 0.99),
            modelCalls: counts.modelCalls,
            toolCalls: counts.toolCalls == 0 ? tools.count : counts.toolCalls,
            toolThreadsUsed: Set(tools.map(\.thread)).count
        )
    }

    static func timeline(_ configuration: LabConfiguration, stats: AcceleratorStatistics, recorder: LabRecorder, end: Double) -> LabTimeline {
        let slots = (0..<stats.slots).map { slot in
            LabTimeline.Lane(name: "slot \(slot)", spans: stats.intervals.filter { $0.slot == slot }.map { .init(start: $0.start, end: $0.end) })
        }
        var order: [ObjectIdentifier] = []
        var lanes: [ObjectIdentifier: LabTimeline.Lane] = [:]
        for tool in recorder.tools.sorted(by: { $0.span.start < $1.span.start }) {
            if lanes[tool.thread] == nil {
                order.append(tool.thread)
                let kind = tool.onPool ? "tool thread" : "cooperative thread"
                lanes[tool.thread] = LabTimeline.Lane(name: "\(kind) \(order.count)", spans: [])
            }
            lanes[tool.thread]?.spans.append(tool.span)
        }
        let title = "\(configuration.placement.rawValue) pool, tools \(configuration.toolLatency), \(configuration.agentsInFlight) agents in flight, \(configuration.policyName) gate"
        return LabTimeline(title: title, seconds: end, slots: slots, toolThreads: order.compactMap { lanes[$0] })
    }
}
