import AgoraCore
@testable import AgoraLab
import AgoraRuntime
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct LabReportTests {
    static func point(_ placement: LabToolPlacement, ms: Double, utilisation: Double) -> LabPoint {
        LabPoint(configuration: LabConfiguration(toolLatency: .fixed(milliseconds: ms), placement: placement),
                 makespanSeconds: 1, utilisation: utilisation, toolIdleFraction: 1 - utilisation, tokens: 100, tokensPerSecond: 100,
                 tokensPerJoule: utilisation, energyJoules: 100, agentLatencyP50: 0.5, agentLatencyP99: 0.9, modelCalls: 4, toolCalls: 3,
                 toolThreadsUsed: 2)
    }

    @Test func pageHoldsTheChartsAndNoExternalAssets() throws {
        let points = [0.0, 10, 100].flatMap { ms in
            [Self.point(.dedicated, ms: ms, utilisation: 0.97), Self.point(.cooperative, ms: ms, utilisation: 0.9 - ms / 200)]
        }
        let timeline = LabTimeline(title: "a <run>", seconds: 2,
                                   slots: [.init(name: "slot 0", spans: [.init(start: 0, end: 1)])],
                                   toolThreads: [.init(name: "tool thread 1", spans: [.init(start: 1, end: 1.5)])])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lab-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try LabReport.write(points: points, timelines: [timeline], command: "agora lab tool-latency", to: folder.path)
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for id in ["chart-utilisation", "chart-tokens-per-joule", "chart-timeline-1"] {
            #expect(html.contains("id=\"\(id)\""), "missing \(id)")
        }
        #expect(html.components(separatedBy: "<svg ").count - 1 == 3)
        #expect(html.components(separatedBy: "</svg>").count - 1 == 3)
        // One line per configuration in each line chart, three points each.
        #expect(html.components(separatedBy: "<polyline class=\"series\"").count - 1 == 4)
        #expect(html.contains("data-series=\"dedicated · 48 in flight · fifo\""))
        #expect(html.components(separatedBy: "class=\"span slot\"").count - 1 == 1)
        #expect(html.components(separatedBy: "class=\"span tool\"").count - 1 == 1)
        #expect(html.contains("a &lt;run&gt;"))
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("<script"))
        // Each SVG parses as XML on its own.
        for chunk in html.components(separatedBy: "<svg ").dropFirst() {
            let svg = "<svg " + chunk.components(separatedBy: "</svg>")[0] + "</svg>"
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "invalid SVG: \(parser.parserError.map { "\($0)" } ?? "")")
        }
    }
}

@Suite struct ChromeTraceSinkTests {
    @Test func traceIsValidAndComplete() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-trace-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try TraceFile.sink(path: path)
        #expect(sink is ChromeTraceSink)
        let run = try await LabRunner.run(LabConfiguration(
            workload: LabWorkload(agents: 3, depth: 2, fanOut: 2, toolCallsPerAgent: 1, inputTokens: 8, outputTokens: 2),
            profile: AcceleratorProfile(slots: 2, prefillTokensPerSecond: 100_000, decodeTokensPerSecond: 2_000),
            toolLatency: .fixed(milliseconds: 1)), trace: sink)
        try sink.close()

        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let events = try #require(document["traceEvents"] as? [[String: Any]])
        // Every agent (the root, 3 top-level, 6 children) has a named track, and every begin has its end.
        let agentTracks = events.filter { $0["ph"] as? String == "M" && $0["name"] as? String == "thread_name" && $0["pid"] as? Int == 1 }
        let names = Set(agentTracks.compactMap { ($0["args"] as? [String: Any])?["name"] as? String })
        #expect(names.count == 10)
        #expect(names.contains("root/agent-2/sub-1"))
        var open: [Int: Int] = [:]
        for event in events where event["pid"] as? Int == 1 {
            let tid = event["tid"] as? Int ?? 0
            switch event["ph"] as? String {
            case "B": open[tid, default: 0] += 1
            case "E":
                #expect(open[tid, default: 0] > 0, "an end without a begin")
                open[tid, default: 0] -= 1
            default: break
            }
        }
        #expect(open.values.allSatisfy { $0 == 0 })
        #expect(open.count == 10)
        let complete = events.filter { $0["ph"] as? String == "X" }
        #expect(complete.allSatisfy { ($0["dur"] as? Double ?? -1) >= 0 && $0["ts"] is Double })
        // Model calls appear on the agents' tracks and on slot lanes (no more lanes than slots).
        let slotCalls = complete.filter { $0["pid"] as? Int == 2 }
        #expect(slotCalls.count == run.point.modelCalls)
        #expect(Set(slotCalls.compactMap { $0["tid"] as? Int }).count <= 2)
        let toolCalls = complete.filter { $0["pid"] as? Int == 3 }
        #expect(toolCalls.count == run.point.toolCalls)
    }

    @Test func jsonLinesForOtherExtensions() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-trace-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try TraceFile.sink(path: path)
        #expect(sink is JSONLinesTraceSink)
        try sink.close()
    }

    @Test func unfinishedAgentIsClosed() throws {
        let path = AgentPath(root: "root")
        let events = [
            TraceEvent(time: 0, runID: "r", path: path, kind: .agentStarted(name: "root")),
            TraceEvent(time: 0.5, runID: "r", path: path, kind: .note("still going")),
        ]
        let document = ChromeTraceSink.document(for: events)
        let trace = try #require(document["traceEvents"] as? [[String: Any]])
        #expect(trace.filter { $0["ph"] as? String == "B" }.count == 1)
        let end = try #require(trace.first { $0["ph"] as? String == "E" })
        #expect(end["ts"] as? Double == 500_000)
    }
}
