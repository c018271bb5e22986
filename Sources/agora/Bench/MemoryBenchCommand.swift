import AgoraCore
import AgoraMemory
import ArgumentParser
import Foundation

/// `agora bench memory`: recall latency of the SQLite long-term memory at scale.
///
/// Builds (or reuses, with `--path`) a store of synthetic entries whose words follow a Zipf law, then times
/// `recall` over queries of 2–4 words taken from random entries, unfiltered and with a namespace or a tag filter.
struct MemoryBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Long-term memory: bulk-load N synthetic entries, then time recall (p50/p99/max)."
    )

    @Option(help: "Entries in the store.") var entries = 1_000_000
    @Option(help: "Recall queries per measured row.") var queries = 1_000
    @Option(name: .customShort("k"), help: "Results per recall.") var k = 10
    @Option(help: "Keep the store in this file and reuse it when it already holds --entries entries (default: a temporary file).")
    var path: String?
    @Option(help: "Seed of the synthetic data and queries.") var seed: UInt64 = 42
    @Option(help: "SQLiteMemoryStore.exactRankingLimit: rank every match exactly while the query's words occur in at most this many entries.")
    var exactLimit = 1_000
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() async throws {
        let corpus = SyntheticCorpus(seed: seed)
        let temporary = path == nil
        let file = path ?? FileManager.default.temporaryDirectory.appendingPathComponent("agora-bench-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
        defer {
            if temporary { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        }
        let store = SQLiteMemoryStore(workspace: try SQLiteWorkspace(path: file), exactRankingLimit: exactLimit)
        var loadSeconds: Double?
        let existing = try await store.count()
        if existing != entries {
            guard existing == 0 else {
                throw ValidationError("\(file) holds \(existing) entries, not \(entries): choose another --path or delete it")
            }
            let clock = ContinuousClock()
            let start = clock.now
            try await store.rememberAll(count: entries) { corpus.draft($0) }
            try await store.optimize()
            loadSeconds = (clock.now - start).inSeconds
        }

        var generator = SplitMix64(seed: seed ^ 0xABCD)
        let texts = (0..<queries).map { _ in corpus.query(&generator, entries: entries) }
        var rows: [Row] = []
        // Warm the page cache the way a long-lived process would be, then measure.
        for text in texts.prefix(50) { _ = try await store.recall(text, k: k, namespace: nil, tags: []) }
        rows.append(try await measure("recall", texts) { try await store.recall($0, k: k, namespace: nil, tags: []) })
        rows.append(try await measure("recall --namespace", texts) { try await store.recall($0, k: k, namespace: "meetings", tags: []) })
        rows.append(try await measure("recall --tag", texts) { try await store.recall($0, k: k, namespace: nil, tags: ["tag3"]) })

        let size = ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        if json {
            let report = Report(entries: entries, queries: queries, k: k, loadSeconds: loadSeconds, fileBytes: size, rows: rows)
            print(try prettyJSON(report))
            return
        }
        print("entries \(entries), file \(size / 1_048_576) MiB" + (loadSeconds.map {
            String(format: ", bulk load %.1f s (%.0f entries/s, one transaction + FTS optimize)", $0, Double(entries) / $0)
        } ?? ", reused"))
        print("\(queries) queries of 2-4 words from random entries, k = \(k)")
        print("wall-clock latency, and CPU time of the process per recall (robust to other load on the machine)")
        print("case                  p50 ms   p99 ms   max ms  mean ms  avg hits  cpu p50  cpu p99")
        for row in rows {
            let name = row.name.padding(toLength: 20, withPad: " ", startingAt: 0)
            print(name + String(format: " %7.3f  %7.3f  %7.3f  %7.3f  %8.1f  %7.3f  %7.3f",
                row.p50, row.p99, row.max, row.mean, row.averageHits, row.cpuP50, row.cpuP99))
        }
    }

    private func measure(_ name: String, _ texts: [String], _ recall: (String) async throws -> [MemoryEntry]) async throws -> Row {
        let clock = ContinuousClock()
        var times: [Double] = []
        var cpuTimes: [Double] = []
        var hits = 0
        for text in texts {
            let start = clock.now
            let cpuStart = Self.processCPUMilliseconds()
            hits += try await recall(text).count
            cpuTimes.append(Self.processCPUMilliseconds() - cpuStart)
            times.append((clock.now - start).inSeconds * 1000)
        }
        times.sort()
        cpuTimes.sort()
        func percentile(_ values: [Double], _ p: Double) -> Double { values[min(values.count - 1, Int(Double(values.count) * p))] }
        return Row(
            name: name, p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: times.last ?? 0,
            mean: times.reduce(0, +) / Double(max(1, times.count)), averageHits: Double(hits) / Double(max(1, texts.count)),
            cpuP50: percentile(cpuTimes, 0.5), cpuP99: percentile(cpuTimes, 0.99)
        )
    }

    struct Row: Codable {
        var name: String
        var p50: Double, p99: Double, max: Double, mean: Double
        var averageHits: Double
        /// CPU time of the whole process during the recall: what the query cost, whatever else the machine ran.
        var cpuP50: Double, cpuP99: Double
    }

    /// CPU time used by this process (all threads), in milliseconds.
    static func processCPUMilliseconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) * 1000 + Double(spec.tv_nsec) / 1_000_000
    }

    struct Report: Codable {
        var entries: Int, queries: Int, k: Int
        var loadSeconds: Double?
        var fileBytes: Int
        var rows: [Row]
    }
}
