import AgoraCore
import AgoraHTTP
import AgoraLab
import AgoraRuntime
import Foundation

/// The tool-latency lab against a real model server (llama.cpp's, which reports its slots at `/slots`): the same
/// agents as the simulated lab (model call, blocking tool, ..., a last model call), their model calls sent to the
/// server, with the server's own slot utilisation sampled while they run.
struct RealServerLab {
    let backend: any ModelBackend
    let baseURL: String

    struct Point: Sendable {
        var configuration: LabConfiguration
        var makespanSeconds: Double
        /// The share of slot-samples the server reported busy (`is_processing`).
        var serverUtilisation: Double
        /// Busy slot-time over slot-time in the runtime's gate books (the client's view of the same slots).
        var gateUtilisation: Double
        var outputTokensPerSecond: Double
        var tokensPerSecond: Double
        var modelCalls: Int
        var samples: Int
    }

    func run(_ configuration: LabConfiguration) async throws -> Point {
        let workload = configuration.workload
        let pool: ToolPool? = configuration.placement == .dedicated ? ToolPool(name: "lab-tool") : nil
        defer { pool?.shutdown() }
        let swarm = Swarm(backends: [backend], toolPool: pool)
        swarm.gate(for: backend.id)?.policy = configuration.gatePolicy
        // Distinct prompts (a number each) so that the server's prompt cache cannot answer one agent from another's.
        let filler = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: max(1, workload.inputTokens / 10))
        let sampler = ServerSlotSampler(baseURL: baseURL)
        sampler?.start()
        let clock = ContinuousClock()
        let started = clock.now
        let agents = (1...workload.agents).map { index in
            ChildAgent("agent-\(index)") { context in
                var random = SplitMix64(seed: configuration.seed, stream: context.path.rawValue)
                for call in 0...workload.toolCallsPerAgent {
                    let request = ModelRequest(messages: [.user("Note \(index).\(call): \(filler) Say one short sentence about it.")],
                                               maxOutputTokens: workload.outputTokens, temperature: 0)
                    _ = try await context.ask(request)
                    guard call < workload.toolCallsPerAgent else { break }
                    let seconds = configuration.toolLatency.sample(using: &random)
                    try await configuration.placement.run({ Self.block(seconds) }, in: context)
                }
            }
        }
        do {
            try await swarm.run { root in _ = try await root.spawnAll(agents, maxConcurrent: configuration.agentsInFlight) }
        } catch {
            _ = sampler?.stop()
            throw error
        }
        let makespan = (clock.now - started).inSeconds
        let reading = sampler?.stop() ?? ServerSlotSampler.Reading()
        let usage = swarm.stats.usage
        let gate = swarm.gate(for: backend.id)?.telemetry
        return Point(
            configuration: configuration, makespanSeconds: makespan, serverUtilisation: reading.utilisation,
            gateUtilisation: gate?.utilisation ?? 0,
            outputTokensPerSecond: makespan > 0 ? Double(usage.outputTokens) / makespan : 0,
            tokensPerSecond: makespan > 0 ? Double(usage.inputTokens + usage.outputTokens) / makespan : 0,
            modelCalls: swarm.stats.modelCalls, samples: reading.samples)
    }

    static func block(_ seconds: Double) {
        guard seconds > 0 else { return }
        usleep(useconds_t(seconds * 1_000_000))
    }

    static func table(_ points: [Point], simulated: [LabPoint]) -> TextTable {
        var table = TextTable("pool", "tool ms", "makespan s", "server util", "gate util", "out tok/s", "tok/s", "calls",
                              "sim makespan s", "sim util")
        for (point, sim) in zip(points, simulated) {
            table.add(point.configuration.placement.rawValue, fixed(point.configuration.toolLatency.milliseconds, 0),
                      fixed(point.makespanSeconds, 2), point.samples == 0 ? "n/a" : fixed(point.serverUtilisation * 100, 1) + "%", fixed(point.gateUtilisation * 100, 1) + "%",
                      fixed(point.outputTokensPerSecond, 1), fixed(point.tokensPerSecond, 0), "\(point.modelCalls)",
                      fixed(sim.makespanSeconds, 3), fixed(sim.utilisation * 100, 1) + "%")
        }
        return table
    }
}
