import AgoraRuntime
import Foundation

/// The lab's HTML page: one self-contained file (inline CSS and SVG, no scripts, no external assets) with
/// utilisation and tokens per joule against tool latency, one line per configuration, a timeline of slots and
/// tool threads, and the table of every point.
public enum LabReport {
    /// The page for `points`; `timelines` are drawn in order (the first is "the" run).
    public static func html(points: [LabPoint], timelines: [LabTimeline], command: String) -> String {
        var groups: [String: [LabPoint]] = [:]
        var order: [String] = []
        for point in points {
            let label = point.configuration.seriesLabel
            if groups[label] == nil { order.append(label) }
            groups[label, default: []].append(point)
        }
        func series(_ value: (LabPoint) -> Double) -> [SVGChart.Series] {
            order.map { label in SVGChart.Series(label: label, points: groups[label]!.map { ($0.toolMilliseconds, value($0)) }) }
        }
        let utilisation = SVGChart.lines(
            id: "chart-utilisation", title: "Back-end utilisation against tool latency", xLabel: "tool latency (ms)",
            yLabel: "utilisation", series: series(\.utilisation), yMax: 1, yFormat: { String(format: "%.0f%%", $0 * 100) })
        let perJoule = SVGChart.lines(
            id: "chart-tokens-per-joule", title: "Tokens per joule against tool latency", xLabel: "tool latency (ms)",
            yLabel: "tokens / J", series: series(\.tokensPerJoule), yFormat: { String(format: "%.2f", $0) })
        let timelineCharts = timelines.enumerated().map { index, timeline in
            SVGChart.timeline(id: "chart-timeline-\(index + 1)", timeline)
        }

        var rows = ""
        for point in points {
            let cells = [
                point.configuration.placement.rawValue, SVGChart.number(point.toolMilliseconds), point.configuration.toolLatency.distributionName,
                String(point.configuration.agentsInFlight), point.configuration.policyName,
                String(format: "%.3f", point.makespanSeconds), String(format: "%.1f%%", point.utilisation * 100),
                String(format: "%.1f%%", point.toolIdleFraction * 100), String(format: "%.0f", point.tokensPerSecond),
                String(format: "%.3f", point.tokensPerJoule), String(format: "%.3f", point.agentLatencyP50), String(format: "%.3f", point.agentLatencyP99),
            ]
            rows += "<tr>" + cells.map { "<td>\(SVGChart.escape($0))</td>" }.joined() + "</tr>\n"
        }
        let headers = ["pool", "tool ms", "dist", "in flight", "gate", "makespan s", "util", "tool idle", "tok/s", "tok/J", "p50 s", "p99 s"]
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Agora tool-latency lab</title>
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; background: #fff; }
        h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
        code { background: #f3f3f3; padding: 1px 4px; }
        .charts { display: flex; flex-wrap: wrap; gap: 16px; }
        svg.chart { border: 1px solid #ddd; background: #fff; }
        .chart-title { font-size: 14px; font-weight: 600; }
        .tick, .lane-label { font-size: 11px; fill: #555; } .legend { font-size: 11px; } .label { font-size: 12px; fill: #333; }
        .grid { stroke: #eee; } .axis { stroke: #999; } .lane { fill: #f6f6f6; }
        table { border-collapse: collapse; margin-top: 8px; } td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
        th { background: #f6f6f6; }
        </style>
        </head>
        <body>
        <h1>Agora tool-latency lab</h1>
        <p>Each point runs a swarm against a simulated accelerator that keeps its own clock on its own thread. Utilisation is busy
        slot-time over total slot-time; tool idle is idle slot-time while tool calls ran. Reproduce with <code>\(SVGChart.escape(command))</code>.</p>
        <div class="charts">
        \(utilisation)
        \(perJoule)
        </div>
        <h2>Timelines: slots (blue) and tool threads (red)</h2>
        \(timelineCharts.joined(separator: "\n"))
        <h2>Points</h2>
        <table>
        <tr>\(headers.map { "<th>\($0)</th>" }.joined())</tr>
        \(rows)</table>
        </body>
        </html>

        """
    }

    /// Writes `index.html` into `directory` (created if needed) and returns its URL.
    @discardableResult
    public static func write(points: [LabPoint], timelines: [LabTimeline], command: String, to directory: String) throws -> URL {
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("index.html")
        try StagedFile.write(Data(html(points: points, timelines: timelines, command: command).utf8), to: file.path)
        return file
    }
}
