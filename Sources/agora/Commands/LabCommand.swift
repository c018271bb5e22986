import AgoraHTTP
import AgoraLab
import AgoraRuntime
import ArgumentParser
import Foundation

/// `agora lab ...`: experiments against a simulated accelerator.
struct LabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Experiments against a simulated accelerator (no GPU needed).",
        subcommands: [ToolLatencyLabCommand.self]
    )
}

/// `agora lab tool-latency`: how slow tools stall the model back end, and what the runtime does about it.
struct ToolLatencyLabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tool-latency",
        abstract: "Sweep tool latency (and pools, agents in flight, gate policy) against a simulated accelerator.",
        discussion: """
            Every list option (comma-separated) is a sweep axis; the points are all their combinations. With no \
            options: tool latencies 0,1,10,30,100 ms on the dedicated and the cooperative pool. Per point: makespan, \
            utilisation (busy slot-time / total slot-time on the device's own clock), idle slot-time while tools \
            ran, tokens/s, tokens/joule, p50/p99 latency of the top-level agents.
            """
    )

    @Option(help: "Tool latencies to sweep, ms (the fixed value, the exponential mean or the log-normal median).")
    var toolMs: String = "0,1,10,30,100"
    @Option(help: "Tool latency distribution: fixed, exponential or lognormal.") var distribution: String = "fixed"
    @Option(help: "Log-normal shape (sigma).") var sigma: Double = 1
    @Option(help: "Where tools run: dedicated (AgentContext.runTool), cooperative (blocking inside the agent's task), or both.")
    var pools: String = "dedicated,cooperative"
    @Option(help: "Dedicated tool threads to sweep, fixed size (default: the runtime's elastic pool).") var toolThreads: String?
    @Option(help: "Top-level agents in flight to sweep (default: all of them).") var inFlight: String?
    @Option(help: "Model-gate policies to sweep: fifo, subtree.") var policy: String = "fifo"
    @Option(help: "Top-level agents.") var agents = 48
    @Option(help: "Depth of each agent's subtree (1: no sub-agents).") var depth = 1
    @Option(help: "Sub-agents per agent below the top.") var fanOut = 2
    @Option(help: "Tool calls per agent (each after a model call).") var toolCalls = 3
    @Option(help: "Input tokens per model call.") var inputTokens = 128
    @Option(help: "Output tokens per model call.") var outputTokens = 8
    @Option(help: "Device slots (batch size).") var slots = 8
    @Option(help: "Prefill speed, input tokens/s per request.") var prefill: Double = 8_000
    @Option(help: "Decode speed of one sequence alone, tokens/s.") var decode: Double = 200
    @Option(help: "Extra decode time per sequence at a full batch (0.6: 1.6x slower).") var batchSlowdown: Double = 0.6
    @Option(help: "Device power with every slot busy, W.") var busyWatts: Double = 350
    @Option(help: "Device power idle, W.") var idleWatts: Double = 90
    @Option(help: "Seed for tool latencies.") var seed: UInt64 = 1
    @Flag(help: "One JSON object per point instead of a table.") var json = false
    @Option(help: "Write an HTML report (index.html with SVG charts) into this folder.") var report: String?
    @Option(help: "Write the first point's trace here: Chrome trace format for .json, else JSON lines.") var trace: String?
    @Option(name: .customLong("base-url"), help: ArgumentHelp("Run the agents' model calls on this real llama.cpp server (its OpenAI base URL) instead, sampling its /slots; each point is also run on the simulated accelerator, beside it. --slots is then the server's n_parallel.", valueName: "url"))
    var baseURL: String?
    @Option(help: "With --base-url: the model name the server knows.") var model: String = "smollm2-135m-instruct"

    func run() async throws {
        if let baseURL { return try await runOnServer(baseURL) }
        let configurations = try plan()
        var runs: [LabRun] = []
        let started = ContinuousClock.now
        for (index, configuration) in configurations.enumerated() {
            let sink = try index == 0 ? trace.map(TraceFile.open) : nil
            let run = try await LabRunner.run(configuration, trace: sink)
            try sink?.close()
            runs.append(run)
            if json { JSONLine.print(run.point.jsonObject) }
        }
        let points = runs.map(\.point)
        if !json { print(Self.table(points).rendered, terminator: "") }
        if let report {
            let file = try LabReport.write(points: points, timelines: Self.timelines(runs), command: Self.commandLine(), to: report)
            FileHandle.standardError.write(Data("agora: wrote \(TerminalText.escaped(file.path)) (\(points.count) points in \(fixed((ContinuousClock.now - started).inSeconds, 1)) s)\n".utf8))
        }
    }

    /// The sweep on a real server, each point beside the same workload on the simulated accelerator.
    func runOnServer(_ baseURL: String) async throws {
        guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else { throw CLIError("--base-url '\(baseURL)': expected an http:// or https:// URL") }
        if report != nil || trace != nil { throw CLIError("--report and --trace apply to the simulated lab only (not with --base-url)") }
        let backend = OpenAIBackend(OpenAIConfiguration(model: model, baseURLs: [baseURL], slotsPerEndpoint: slots))
        let lab = RealServerLab(backend: backend, baseURL: baseURL)
        var points: [RealServerLab.Point] = []
        var simulated: [LabPoint] = []
        for configuration in try plan() {
            do {
                points.append(try await lab.run(configuration))
            } catch {
                throw CLIError("\(TerminalText.escaped(baseURL)): \(error)")
            }
            simulated.append(try await LabRunner.run(configuration).point)
            if json {
                let point = points.last!
                JSONLine.print([
                    "pool": configuration.placement.rawValue, "tool_ms": configuration.toolLatency.milliseconds,
                    "makespan_s": point.makespanSeconds, "server_utilisation": point.serverUtilisation,
                    "gate_utilisation": point.gateUtilisation, "output_tokens_per_s": point.outputTokensPerSecond,
                    "tokens_per_s": point.tokensPerSecond, "model_calls": point.modelCalls, "slot_samples": point.samples,
                    "simulated_makespan_s": simulated.last!.makespanSeconds, "simulated_utilisation": simulated.last!.utilisation,
                ])
            }
        }
        if !json { print(RealServerLab.table(points, simulated: simulated).rendered, terminator: "") }
    }

    func plan() throws -> [LabConfiguration] {
        let latencies = try Self.doubles(toolMs, "--tool-ms")
        let placements = try Self.items(pools, "--pools").map { name in
            guard let placement = LabToolPlacement(rawValue: name) else { throw CLIError("--pools takes dedicated or cooperative (got '\(name)')") }
            return placement
        }
        let policies = try Self.items(policy, "--policy").map { name -> ModelGate.Policy in
            switch name {
            case "fifo": return .fifo
            case "subtree", "subtree-first": return .subtreeFirst
            default: throw CLIError("--policy takes fifo or subtree (got '\(name)')")
            }
        }
        let threads: [Int?] = try toolThreads.map { try Self.doubles($0, "--tool-threads").map { Int($0) } } ?? [nil]
        let flights: [Int?] = try inFlight.map { try Self.doubles($0, "--in-flight").map { Int($0) } } ?? [nil]
        guard ["fixed", "exponential", "lognormal"].contains(distribution) else {
            throw CLIError("--distribution takes fixed, exponential or lognormal (got '\(distribution)')")
        }
        if agents < 1 || depth < 1 || fanOut < 1 || toolCalls < 0 || slots < 1 { throw CLIError("--agents, --depth, --fan-out, --slots must be at least 1") }
        let workload = LabWorkload(agents: agents, depth: depth, fanOut: fanOut, toolCallsPerAgent: toolCalls,
                                   inputTokens: inputTokens, outputTokens: outputTokens)
        let profile = AcceleratorProfile(slots: slots, prefillTokensPerSecond: prefill, decodeTokensPerSecond: decode,
                                         batchSlowdown: batchSlowdown, busyWatts: busyWatts, idleWatts: idleWatts)
        var plan: [LabConfiguration] = []
        for placement in placements {
            for policy in policies {
                for flight in flights {
                    for thread in threads where !(placement == .cooperative && thread != nil && thread != threads.first!) {
                        for ms in latencies {
                            let latency: ToolLatency = switch distribution {
                            case "exponential": .exponential(meanMilliseconds: ms)
                            case "lognormal": .logNormal(medianMilliseconds: ms, sigma: sigma)
                            default: .fixed(milliseconds: ms)
                            }
                            plan.append(LabConfiguration(
                                workload: workload, profile: profile, toolLatency: latency, placement: placement,
                                toolThreads: placement == .dedicated ? thread : nil, agentsInFlight: flight,
                                gatePolicy: policy, seed: seed))
                        }
                    }
                }
            }
        }
        return plan
    }

    static func table(_ points: [LabPoint]) -> TextTable {
        var table = TextTable("pool", "tool ms", "in flight", "gate", "threads", "makespan s", "util", "tool idle", "tok/s", "tok/J", "p50 s", "p99 s")
        for point in points {
            let configuration = point.configuration
            table.add(
                configuration.placement.rawValue, fixed(point.toolMilliseconds, 0), "\(configuration.agentsInFlight)", configuration.policyName,
                configuration.placement == .cooperative ? "coop" : configuration.toolThreads.map(String.init) ?? "elastic",
                fixed(point.makespanSeconds, 3), fixed(point.utilisation * 100, 1) + "%", fixed(point.toolIdleFraction * 100, 1) + "%",
                fixed(point.tokensPerSecond, 0), fixed(point.tokensPerJoule, 3), fixed(point.agentLatencyP50, 3), fixed(point.agentLatencyP99, 3))
        }
        return table
    }

    /// The slowest-tool run of each pool: the contrast the page is about.
    static func timelines(_ runs: [LabRun]) -> [LabTimeline] {
        LabToolPlacement.allCases.compactMap { placement in
            runs.filter { $0.point.configuration.placement == placement }.max { $0.point.toolMilliseconds < $1.point.toolMilliseconds }?.timeline
        }
    }

    static func commandLine() -> String {
        (["agora"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
    }

    static func items(_ list: String, _ option: String) throws -> [String] {
        let items = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        if items.isEmpty { throw CLIError("\(option) needs at least one value") }
        return items
    }

    static func doubles(_ list: String, _ option: String) throws -> [Double] {
        try items(list, option).map { item in
            guard let value = Double(item), value >= 0 else { throw CLIError("\(option) takes non-negative numbers (got '\(item)')") }
            return value
        }
    }
}
