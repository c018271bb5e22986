import AgoraRuntime
import ArgumentParser
import Foundation

/// `agora bench tool-handoff`: how long it takes to hand a blocking call to a pool thread and get the agent
/// running again, against `Task.detached` on the cooperative pool, in the same run.
struct HandoffBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tool-handoff",
        abstract: "Hand-off latency of a tool call: ToolPool vs Task.detached, with 1 and 8 concurrent callers.",
        discussion: """
            Hand-off = (submit → the work starts) + (the work ends → the caller runs again), for an empty closure. \
            p50/p99/max in microseconds over --calls calls per case.
            """
    )

    @Option(help: "Calls per case.") var calls = 100_000
    @Option(help: "Tool pool threads.") var toolThreads = ToolPool.defaultThreadCount
    @Flag(help: "One JSON object a line instead of a table.") var json = false

    func validate() throws {
        if calls < 100 { throw ValidationError("--calls must be at least 100") }
    }

    func run() async throws {
        let pool = ToolPool(threads: toolThreads)
        defer { pool.shutdown() }
        var table = TextTable("executor", "callers", "calls", "p50 µs", "p99 µs", "max µs", "start p50", "resume p50")
        for callers in [1, 8] {
            for executor in ["toolpool", "detached"] {
                // A short warm-up so that thread start-up is not measured.
                _ = try await measure(executor: executor, pool: pool, callers: callers, calls: min(2_000, calls))
                let (total, start, resume) = try await measure(executor: executor, pool: pool, callers: callers, calls: calls)
                if json {
                    JSONLine.print([
                        "executor": executor, "callers": callers, "calls": calls,
                        "p50_us": round2(total.percentileMicroseconds(0.5)), "p99_us": round2(total.percentileMicroseconds(0.99)),
                        "max_us": round2(total.maxMicroseconds),
                        "start_p50_us": round2(start.percentileMicroseconds(0.5)), "resume_p50_us": round2(resume.percentileMicroseconds(0.5)),
                    ])
                } else {
                    table.add(executor, "\(callers)", "\(calls)", fixed(total.percentileMicroseconds(0.5), 1),
                              fixed(total.percentileMicroseconds(0.99), 1), fixed(total.maxMicroseconds, 0),
                              fixed(start.percentileMicroseconds(0.5), 1), fixed(resume.percentileMicroseconds(0.5), 1))
                }
            }
        }
        if !json { print(table.rendered, terminator: "") }
    }

    private func round2(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// Each caller makes `calls / callers` calls one after another; the callers run concurrently.
    private func measure(executor: String, pool: ToolPool, callers: Int, calls: Int) async throws -> (LatencySamples, LatencySamples, LatencySamples) {
        let perCaller = calls / callers
        return try await withThrowingTaskGroup(of: (LatencySamples, LatencySamples, LatencySamples).self) { group in
            for _ in 0..<callers {
                group.addTask {
                    var total = LatencySamples(capacity: perCaller)
                    var start = LatencySamples(capacity: perCaller)
                    var resume = LatencySamples(capacity: perCaller)
                    for _ in 0..<perCaller {
                        let submitted = ContinuousClock.now
                        let (began, ended): (ContinuousClock.Instant, ContinuousClock.Instant)
                        if executor == "toolpool" {
                            (began, ended) = try await pool.run { _ in
                                let began = ContinuousClock.now
                                return (began, ContinuousClock.now)
                            }
                        } else {
                            (began, ended) = await Task.detached {
                                let began = ContinuousClock.now
                                return (began, ContinuousClock.now)
                            }.value
                        }
                        let resumed = ContinuousClock.now
                        start.append(began - submitted)
                        resume.append(resumed - ended)
                        total.append((began - submitted) + (resumed - ended))
                    }
                    return (total, start, resume)
                }
            }
            var all = (LatencySamples(capacity: calls), LatencySamples(capacity: calls), LatencySamples(capacity: calls))
            for try await part in group {
                all.0.append(contentsOf: part.0)
                all.1.append(contentsOf: part.1)
                all.2.append(contentsOf: part.2)
            }
            return all
        }
    }
}
