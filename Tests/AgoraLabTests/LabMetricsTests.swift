import AgoraCore
import AgoraLab
import AgoraRuntime
import Foundation
import Testing

@Suite struct LabMetricsTests {
    typealias Span = LabMetrics.Span

    /// Two slots over 0-10 s: slot busy 0-4 and 6-10 (one slot only); a tool runs 3-7.
    /// While the tool runs: 3-4 one slot idle (1), 4-6 two idle (4), 6-7 one idle (1) = 6 slot-seconds.
    @Test func toolIdleCountsOnlyIdleWhileToolsRun() {
        let idle = LabMetrics.toolIdleSlotSeconds(
            busy: [Span(start: 0, end: 4), Span(start: 6, end: 10)], tools: [Span(start: 3, end: 7)],
            slots: 2, window: Span(start: 0, end: 10))
        #expect(abs(idle - 6) < 1e-9)
    }

    @Test func overlappingToolsCountOnce() {
        let idle = LabMetrics.toolIdleSlotSeconds(
            busy: [], tools: [Span(start: 1, end: 3), Span(start: 2, end: 4)], slots: 1, window: Span(start: 0, end: 10))
        #expect(abs(idle - 3) < 1e-9)
    }

    @Test func percentiles() {
        let values = (1...100).map(Double.init)
        #expect(LabMetrics.percentile(values, 0.5) == 50)
        #expect(LabMetrics.percentile(values, 0.99) == 99)
        #expect(LabMetrics.percentile([], 0.5) == 0)
    }

    @Test func seededLatenciesRepeat() {
        var a = SplitMix64(seed: 7, stream: "root/agent-1")
        var b = SplitMix64(seed: 7, stream: "root/agent-1")
        let latency = ToolLatency.logNormal(medianMilliseconds: 10, sigma: 1)
        let first = (0..<100).map { _ in latency.sample(using: &a) }
        #expect(first == (0..<100).map { _ in latency.sample(using: &b) })
        #expect(ToolLatency.fixed(milliseconds: 30).sample(using: &a) == 0.03)
        var c = SplitMix64(seed: 3)
        let mean = (0..<20_000).map { _ in ToolLatency.exponential(meanMilliseconds: 10).sample(using: &c) }.reduce(0, +) / 20_000
        #expect(abs(mean - 0.010) < 0.001)
    }

    @Test func workloadCounts() {
        let workload = LabWorkload(agents: 3, depth: 3, fanOut: 2, toolCallsPerAgent: 2)
        #expect(workload.agentsPerTree == 7)
        #expect(workload.modelCalls == 3 * 7 * 3)
        #expect(workload.toolCalls == 3 * 7 * 2)
    }
}

@Suite struct SimulatedAcceleratorTests {
    /// The device thread answers with text of the requested length and keeps books on its own clock.
    @Test func answersAndKeepsBooks() async throws {
        let profile = AcceleratorProfile(slots: 2, prefillTokensPerSecond: 100_000, decodeTokensPerSecond: 1_000, batchSlowdown: 0)
        let device = SimulatedAccelerator(profile: profile)
        defer { device.shutdown() }
        let request = ModelRequest(messages: [.user(String(repeating: "abcd", count: 100))], maxOutputTokens: 20)
        let started = ContinuousClock.now
        async let first = device.complete(request)
        async let second = device.complete(request)
        let answers = try await [first, second]
        #expect(answers.allSatisfy { $0.text.split(separator: " ").count == 20 })
        #expect(answers.allSatisfy { $0.usage == TokenUsage(inputTokens: 100, outputTokens: 20) })
        // Each request: 100/100k s prefill + 20/1000 s decode = 21 ms of simulated time.
        #expect(ContinuousClock.now - started >= .milliseconds(20))
        let stats = device.statistics()
        #expect(abs(stats.busySlotSeconds - 0.042) < 1e-6)
        #expect(stats.totalTokens == 240)
        #expect(stats.intervals.count == 2)
    }

    @Test func cancelledRequestLeaves() async throws {
        let device = SimulatedAccelerator(profile: AcceleratorProfile(slots: 1, decodeTokensPerSecond: 10))
        defer { device.shutdown() }
        let task = Task { try await device.complete(ModelRequest(messages: [.user("x")], maxOutputTokens: 10_000)) }
        try await Task.sleep(for: .milliseconds(20))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    /// A small run: every model call and tool call is accounted for, and the ratios stay in range.
    @Test func labRunCountsEverything() async throws {
        let workload = LabWorkload(agents: 4, depth: 2, fanOut: 2, toolCallsPerAgent: 2, inputTokens: 16, outputTokens: 4)
        let profile = AcceleratorProfile(slots: 4, prefillTokensPerSecond: 100_000, decodeTokensPerSecond: 2_000)
        for placement in LabToolPlacement.allCases {
            let run = try await LabRunner.run(LabConfiguration(
                workload: workload, profile: profile, toolLatency: .fixed(milliseconds: 1), placement: placement, gatePolicy: .subtreeFirst))
            let point = run.point
            #expect(point.modelCalls == workload.modelCalls)
            #expect(point.toolCalls == workload.toolCalls)
            #expect(point.tokens == workload.modelCalls * 20)
            #expect(point.utilisation > 0 && point.utilisation <= 1)
            #expect(point.toolIdleFraction >= 0 && point.toolIdleFraction <= 1)
            #expect(point.makespanSeconds > 0 && point.makespanSeconds < 60)
            #expect(point.agentLatencyP50 <= point.agentLatencyP99)
            #expect(run.timeline.slots.count == 4)
            #expect(run.timeline.slots.flatMap(\.spans).count == workload.modelCalls)
            #expect(run.timeline.toolThreads.flatMap(\.spans).count == workload.toolCalls)
            let json = point.jsonObject
            for key in ["tool_ms", "pool", "agents_in_flight", "utilisation", "tool_idle_fraction", "makespan_s", "tokens_per_s", "tokens_per_joule"] {
                #expect(json[key] != nil, "missing \(key)")
            }
            #expect(json["pool"] as? String == placement.rawValue)
        }
    }
}
