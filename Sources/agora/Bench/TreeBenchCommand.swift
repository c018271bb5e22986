import AgoraCore
import AgoraRuntime
import ArgumentParser
import Foundation
import Synchronization

/// `agora bench tree`: the tree workload of ../shared/peers/WORKLOAD.md, measured the way the peers' scripts
/// measure it, so a row of ours and a row of theirs compare directly.
struct TreeBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tree",
        abstract: "The tree workload: every agent spawns B children to depth D; leaves call a model (M ms) and a blocking tool (T ms).",
        discussion: """
            Prints the same fields as the peers' scripts (system, B, D, M, T, agents, leaves, wall_s, us_per_agent, \
            peak_rss_mb ...). With --peers DIR it also runs DIR/bench_asyncio.py (and bench_autogen.py, \
            bench_langgraph.py when $PEERS_PYTHON has them) on the same workload and prints the ratios.
            """
    )

    @Option(name: .customLong("branching"), help: "B: children per agent.") var branching = 10
    @Option(name: .customLong("depth"), help: "D: depth of the tree (the root is depth 0).") var depth = 4
    @Option(name: .customLong("model-ms"), help: "M: simulated model latency (an asynchronous sleep), ms.") var modelMs: Double = 0
    @Option(name: .customLong("tool-ms"), help: "T: simulated tool latency (a blocking sleep on the tool pool), ms.") var toolMs: Double = 0
    @Option(help: "Tool pool threads (default: the runtime's default).") var toolThreads: Int?
    @Option(help: "Where leaves run their tool: pool (the dedicated tool threads, the default) or inline (in the agent's own task: no thread hop, which blocks a cooperative thread when T > 0).")
    var tools: ToolPlacement = .pool
    @Option(help: "Agents kept alive at most before fan-outs pace themselves.") var liveTarget: Int = SwarmLimits().liveAgentTarget
    @Option(help: "Repeat the run this many times and report each.") var repeats = 1
    @Option(help: "Folder with the peers' scripts (e.g. ../shared/peers) to run the same workload for comparison.") var peers: String?
    @Flag(help: "Also run the same tree as bare Swift task groups (no runtime: no limits, gate, usage or pool), the floor this machine sets.")
    var bare = false
    @Flag(help: "One JSON object a line instead of a table.") var json = false

    func validate() throws {
        if branching < 1 { throw ValidationError("--branching must be at least 1") }
        if depth < 0 || depth > 8 { throw ValidationError("--depth must be between 0 and 8") }
        if modelMs < 0 || toolMs < 0 { throw ValidationError("--model-ms and --tool-ms must not be negative") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1") }
    }

    func run() async throws {
        var rows: [[String: Any]] = []
        for _ in 0..<repeats { rows.append(try await measure()) }
        if bare { rows.append(try await measureBare()) }
        if let peers {
            for script in ["bench_asyncio.py", "bench_autogen.py", "bench_langgraph.py"] {
                if let row = PeerScript.run(folder: peers, script: script, arguments: ["--B", "\(branching)", "--D", "\(depth)", "--M", "\(modelMs)", "--T", "\(toolMs)"]) {
                    rows.append(row)
                }
            }
        }
        if json {
            rows.forEach(JSONLine.print)
            return
        }
        var table = TextTable("system", "B", "D", "M ms", "T ms", "agents", "ok", "wall s", "µs/agent", "cpu s", "peak RSS MB", "ideal s", "max tools", "vs agora")
        let ours = rows.first?["wall_s"] as? Double ?? 0
        for row in rows {
            let wall = row["wall_s"] as? Double ?? 0
            table.add(
                "\(row["system"] ?? "?")", "\(row["B"] ?? "")", "\(row["D"] ?? "")", "\(row["M"] ?? "")", "\(row["T"] ?? "")",
                "\(row["agents"] ?? "")", "\(row["ok"] ?? "")", fixed(wall, 3), fixed(row["us_per_agent"] as? Double ?? 0, 2),
                fixed(row["cpu_s"] as? Double ?? 0, 3), fixed(row["peak_rss_mb"] as? Double ?? 0, 1),
                fixed(row["ideal_s"] as? Double ?? 0, 3), "\(row["max_concurrent_tools"] ?? "")",
                ours > 0 ? fixed(wall / ours, 1) + "x" : "")
        }
        print(table.rendered, terminator: "")
    }

    /// The tree with nothing but task groups: what Swift's structured concurrency alone costs here.
    private func measureBare() async throws -> [String: Any] {
        let model = SimulatedLatencyModel(latency: .microseconds(Int64(modelMs * 1000)))
        let sleep = UInt32(toolMs * 1000)
        @Sendable func node(_ level: Int) async throws -> Int {
            if level == depth {
                _ = try await model.complete(ModelRequest(messages: [.user("solve")]))
                if sleep > 0 { usleep(sleep) }
                return 1
            }
            let count = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<branching { group.addTask { try await node(level + 1) } }
                return try await group.reduce(0, +)
            }
            _ = try await model.complete(ModelRequest(messages: [.user("combine")]))
            return count
        }
        var row = try await timed("swift task groups (no runtime)") { try await node(0) }.row
        row["max_concurrent_tools"] = 0
        return row
    }

    private func measure() async throws -> [String: Any] {
        let model = SimulatedLatencyModel(latency: .microseconds(Int64(modelMs * 1000)))
        let pool = toolThreads.map { ToolPool(threads: $0) }
        defer { pool?.shutdown() }
        let swarm = Swarm(backends: [model], limits: SwarmLimits(liveAgentTarget: liveTarget), toolPool: pool)
        let concurrency = ToolConcurrency()
        let shape = TreeShape(branching: branching, depth: depth, toolMicroseconds: UInt32(toolMs * 1000), placement: tools, tools: concurrency)

        let (timedRow, leaves) = try await timed(tools == .pool ? "agora" : "agora (inline tools)") {
            try await swarm.run { root in try await shape.agent(root, depth: 0) }
        }
        return timedRow.merging([
            "version": "0.1", "ok": leaves == leafCount && swarm.stats.startedAgents == agentCount,
            "peak_live_agents": swarm.stats.peakLiveAgents,
            "tool_calls": tools == .pool ? swarm.stats.toolCalls : leafCount, "max_concurrent_tools": concurrency.peak.load(ordering: .relaxed),
            "tool_threads": pool?.threadCount ?? ToolPool.shared.threadCount,
        ]) { $1 }
    }

    /// Agents in the tree: B^0 + B^1 + ... + B^D.
    private var agentCount: Int { (0...depth).reduce(0) { $0 + Int(pow(Double(branching), Double($1))) } }
    private var leafCount: Int { Int(pow(Double(branching), Double(depth))) }

    /// Runs `tree` (which returns the leaves it counted) and times it: the fields every system's row has.
    private func timed(_ system: String, _ tree: () async throws -> Int) async throws -> (row: [String: Any], leaves: Int) {
        let cpuBefore = ProcessMetrics.cpuSeconds()
        let clock = ContinuousClock()
        let start = clock.now
        let leaves = try await tree()
        let wallSeconds = (clock.now - start).inSeconds
        let row: [String: Any] = [
            "system": system, "B": branching, "D": depth, "M": modelMs, "T": toolMs,
            "agents": agentCount, "leaves": leafCount, "result": "\(leaves)", "ok": leaves == leafCount,
            "wall_s": (wallSeconds * 1e4).rounded() / 1e4, "us_per_agent": (wallSeconds / Double(agentCount) * 1e8).rounded() / 100,
            "cpu_s": ((ProcessMetrics.cpuSeconds() - cpuBefore) * 1e4).rounded() / 1e4,
            "peak_rss_mb": (ProcessMetrics.peakRSSMegabytes() * 10).rounded() / 10,
            "ideal_s": (Double(depth + 1) * modelMs + toolMs) / 1000,
        ]
        return (row, leaves)
    }
}

/// The workload's agents: inner agents fan out and combine with one model call; leaves call the model and a
/// blocking tool. Each returns the number of leaves below it.
enum ToolPlacement: String, ExpressibleByArgument, Sendable {
    case pool, inline
}

struct TreeShape: Sendable {
    let branching: Int
    let depth: Int
    let toolMicroseconds: UInt32
    let placement: ToolPlacement
    let tools: ToolConcurrency

    func agent(_ context: AgentContext, depth level: Int) async throws -> Int {
        if level == depth {
            _ = try await context.ask(ModelRequest(messages: [.user("solve")]))
            let tools = self.tools
            let sleep = toolMicroseconds
            let work: @Sendable (ToolCancellation) -> Void = { _ in
                tools.enter()
                if sleep > 0 { usleep(sleep) }
                tools.leave()
            }
            switch placement {
            case .pool: try await context.runTool("blocking", work)
            case .inline: work(ToolCancellation())
            }
            return 1
        }
        var children: [ChildAgent<Int>] = []
        children.reserveCapacity(branching)
        for index in 0..<branching {
            children.append(ChildAgent("n\(index)") { child in try await agent(child, depth: level + 1) })
        }
        let counts = try await context.spawnAll(children)
        _ = try await context.ask(ModelRequest(messages: [.user("combine")]))
        return counts.reduce(0, +)
    }
}

/// Counts how many tool calls run at the same moment (the pool's effective width).
final class ToolConcurrency: Sendable {
    let now = Atomic<Int>(0)
    let peak = Atomic<Int>(0)

    func enter() {
        let current = now.wrappingAdd(1, ordering: .relaxed).newValue
        var seen = peak.load(ordering: .relaxed)
        while current > seen {
            let (done, original) = peak.compareExchange(expected: seen, desired: current, ordering: .relaxed)
            if done { break }
            seen = original
        }
    }

    func leave() { now.wrappingSubtract(1, ordering: .relaxed) }
}

/// A model stand-in whose only cost is an asynchronous sleep (none at M=0), with no slot limit: the workload
/// measures orchestration, not a server.
struct SimulatedLatencyModel: ModelBackend {
    let id = "simulated"
    let slots = 1 << 30
    let latency: Duration

    func complete(_ request: ModelRequest) async throws -> ModelResponse {
        if latency > .zero { try await Task.sleep(for: latency) }
        return ModelResponse(text: "ok", usage: TokenUsage(inputTokens: 1, outputTokens: 1))
    }
}

/// Runs one of the peers' Python scripts and reads the JSON line it prints.
enum PeerScript {
    static func run(folder: String, script: String, arguments: [String]) -> [String: Any]? {
        let path = URL(fileURLWithPath: folder).appendingPathComponent(script).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let python = ProcessInfo.processInfo.environment["PEERS_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, path] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { return nil }
        return object
    }
}
