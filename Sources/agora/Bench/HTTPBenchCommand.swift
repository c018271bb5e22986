import AgoraCore
import AgoraHTTP
import ArgumentParser
import Foundation

/// `agora bench http`: chat-completion requests, plain and streamed, all at once against a loopback server
/// that answers at once; the same load through Python's httpx (asyncio) as the baseline, in the same run.
struct HTTPBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "HTTP back-end throughput: agora's libcurl engine against Python httpx, same load, same server.",
        discussion: """
            Build with -c release. The baseline needs a Python with httpx: --python PATH (default: \
            /tmp/venv-score/bin/python if present, else python3); --no-baseline skips it.
            """
    )

    @Option(help: "Requests per round, all sent at once.") var requests = 1_000
    @Option(help: "Rounds per mode (figures add up over rounds).") var rounds = 2
    @Option(help: "The Python that runs scripts/bench_http_httpx.py.") var python: String?
    @Option(help: "The baseline script.") var script = "scripts/bench_http_httpx.py"
    @Flag(help: "Skip the httpx baseline.") var noBaseline = false
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Option(help: .hidden) var serve: UInt16?

    struct Figures: Codable {
        var client: String
        var mode: String
        var requests: Int
        var seconds: Double
        var cpuSeconds: Double
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var peakRSSMegabytes: Double
        var maxInFlight: Int?

        var requestsPerSecond: Double { Double(requests) / seconds }
        var cpuMicrosecondsPerRequest: Double { cpuSeconds * 1e6 / Double(requests) }
        var requestsPerCPUSecond: Double { Double(requests) / cpuSeconds }
    }

    func run() async throws {
        if let serve {
            #if canImport(Glibc)
            HTTPBenchServer.run(port: serve)
            #else
            throw ValidationError("the bench server needs Linux")
            #endif
        }
        let server = try startServer()
        defer { server.process.terminate() }
        let baseURL = "http://127.0.0.1:\(server.port)/v1"

        var results: [Figures] = []
        for stream in [false, true] {
            results.append(try await measureAgora(baseURL: baseURL, stream: stream))
        }
        var note: String?
        if !noBaseline {
            do {
                results += try runBaseline(baseURL: baseURL)
            } catch {
                note = "httpx baseline skipped: \(error)"
            }
        }
        report(results, note: note)
    }

    private func measureAgora(baseURL: String, stream: Bool) async throws -> Figures {
        let engine = CurlEngine(name: "agora.bench.curl", maxConnections: requests + 64)
        var configuration = OpenAIConfiguration(model: "bench", baseURLs: [baseURL], apiKeyVariable: "AGORA_BENCH_NO_KEY")
        configuration.slotsPerEndpoint = requests
        configuration.retry = .none
        configuration.streamResponses = stream
        configuration.toolCallsInText = false
        let backend = OpenAIBackend(configuration, engine: engine, environment: [:])
        let request = ModelRequest(messages: [.system("You are terse."), .user("Say something about foxes.")], maxOutputTokens: 32)

        // Warm up: open the connections the rounds will reuse.
        _ = try await sendAll(backend, request, count: requests)
        let sampler = Task.detached {
            var peak = 0
            while !Task.isCancelled {
                peak = max(peak, engine.inFlight)
                try? await Task.sleep(nanoseconds: 500_000)
            }
            return peak
        }
        var latencies: [Double] = []
        let cpuBefore = ProcessMetrics.cpuSeconds()
        let start = ContinuousClock.now
        for _ in 0..<rounds { latencies += try await sendAll(backend, request, count: requests) }
        let elapsed = ContinuousClock.now - start
        let cpu = ProcessMetrics.cpuSeconds() - cpuBefore
        sampler.cancel()
        let peak = await sampler.value
        engine.shutdown()
        latencies.sort()
        return Figures(
            client: "agora (libcurl)", mode: stream ? "stream" : "complete", requests: latencies.count,
            seconds: elapsed.inSeconds,
            cpuSeconds: cpu, p50Milliseconds: percentile(latencies, 0.50) * 1000, p99Milliseconds: percentile(latencies, 0.99) * 1000,
            peakRSSMegabytes: ProcessMetrics.peakRSSMegabytes(), maxInFlight: peak
        )
    }

    /// Sends `count` requests at once; returns each one's latency in seconds.
    private func sendAll(_ backend: OpenAIBackend, _ request: ModelRequest, count: Int) async throws -> [Double] {
        try await withThrowingTaskGroup(of: Double.self) { group in
            for _ in 0..<count {
                group.addTask {
                    let start = ContinuousClock.now
                    let response = try await backend.complete(request)
                    guard response.usage.outputTokens == 10 else { throw ValidationError("bench server answered wrongly") }
                    return (ContinuousClock.now - start).inSeconds
                }
            }
            var latencies: [Double] = []
            latencies.reserveCapacity(count)
            for try await latency in group { latencies.append(latency) }
            return latencies
        }
    }

    private func runBaseline(baseURL: String) throws -> [Figures] {
        let interpreter = python ?? (FileManager.default.isExecutableFile(atPath: "/tmp/venv-score/bin/python") ? "/tmp/venv-score/bin/python" : "python3")
        guard FileManager.default.fileExists(atPath: script) else { throw ValidationError("\(script) not found (run from the repository root or pass --script)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [interpreter, script, "--url", baseURL, "--requests", String(requests), "--rounds", String(rounds)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("\(interpreter) \(script) exited with \(process.terminationStatus)") }
        return try JSONDecoder().decode([Figures].self, from: data)
    }

    private func report(_ results: [Figures], note: String?) {
        // Against the better of the baseline's configurations.
        func find(_ client: String, _ mode: String) -> Figures? {
            results.filter { $0.client.hasPrefix(client) && $0.mode == mode }.max { $0.requestsPerCPUSecond < $1.requestsPerCPUSecond }
        }
        var ratios: [String: Double] = [:]
        for mode in ["complete", "stream"] {
            if let agora = find("agora", mode), let httpx = find("httpx", mode) {
                ratios[mode] = agora.requestsPerCPUSecond / httpx.requestsPerCPUSecond
            }
        }
        if json {
            struct Report: Codable { var results: [Figures]; var requestsPerCPUSecondRatio: [String: Double]; var note: String? }
            if let text = try? prettyJSON(Report(results: results, requestsPerCPUSecondRatio: ratios, note: note)) { print(text) }
            return
        }
        let header = ["client", "mode", "requests", "req/s", "CPU µs/req", "req/CPU-s", "p50 ms", "p99 ms", "peak RSS MB", "max in flight"]
        let rows = results.map { figure in
            [
                figure.client, figure.mode, String(figure.requests), fixed(figure.requestsPerSecond, 0),
                fixed(figure.cpuMicrosecondsPerRequest, 0), fixed(figure.requestsPerCPUSecond, 0),
                fixed(figure.p50Milliseconds, 1), fixed(figure.p99Milliseconds, 1), fixed(figure.peakRSSMegabytes, 1),
                figure.maxInFlight.map(String.init) ?? "-",
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max()! }
        for row in [header] + rows {
            print(row.indices.map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
        print("\(requests) requests at once per round, \(rounds) rounds per mode; one engine thread.")
        for (mode, ratio) in ratios.sorted(by: { $0.key < $1.key }) {
            print("requests per CPU-second, agora / best httpx, \(mode): \(fixed(ratio, 1))x")
        }
        if let note { print(note) }
    }

    private func startServer() throws -> (process: Process, port: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["bench", "http", "--serve", "0"]
        let output = Pipe()
        process.standardOutput = output
        // The server exits when this pipe closes, that is when we do.
        process.standardInput = Pipe()
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw ValidationError("the bench server did not start") }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text.replacingOccurrences(of: "PORT ", with: "")) else { throw ValidationError("bench server said '\(text)'") }
        return (process, port)
    }
}

private func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction + 0.5))]
}

