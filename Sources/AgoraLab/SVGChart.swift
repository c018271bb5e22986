import Foundation

/// Inline SVG for the lab's report: line charts over the swept tool latencies, and a timeline of lanes.
/// Plain strings, no external assets, so the page opens anywhere.
enum SVGChart {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]

    struct Series {
        var label: String
        var points: [(x: Double, y: Double)]
    }

    /// A line chart with the x values spread evenly (they are the swept settings, often 0, 1, 10, 100).
    static func lines(id: String, title: String, xLabel: String, yLabel: String, series: [Series], yMax: Double? = nil, yFormat: (Double) -> String) -> String {
        let width = 600.0, height = 300.0, left = 60.0, right = 215.0, top = 36.0, bottom = 48.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let xs = Array(Set(series.flatMap { $0.points.map(\.x) })).sorted()
        let top_ = yMax ?? niceCeiling((series.flatMap { $0.points.map(\.y) }.max() ?? 1))
        let ceiling = top_ > 0 ? top_ : 1
        func px(_ x: Double) -> Double {
            guard let index = xs.firstIndex(of: x) else { return left }
            return xs.count == 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(xs.count - 1)
        }
        func py(_ y: Double) -> Double { top + plotHeight * (1 - min(max(y / ceiling, 0), 1.05)) }

        var svg = #"<svg xmlns="http://www.w3.org/2000/svg" id="\#(id)" class="chart line-chart" viewBox="0 0 \#(f(width)) \#(f(height))" width="\#(f(width))" height="\#(f(height))" role="img">"#
        svg += "<title>\(escape(title))</title>"
        svg += #"<text x="\#(f(left))" y="20" class="chart-title">\#(escape(title))</text>"#
        for step in 0...4 {
            let value = ceiling * Double(step) / 4
            let y = py(value)
            svg += #"<line x1="\#(f(left))" y1="\#(f(y))" x2="\#(f(left + plotWidth))" y2="\#(f(y))" class="grid"/>"#
            svg += #"<text x="\#(f(left - 6))" y="\#(f(y + 4))" text-anchor="end" class="tick">\#(escape(yFormat(value)))</text>"#
        }
        for x in xs {
            svg += #"<text x="\#(f(px(x)))" y="\#(f(top + plotHeight + 16))" text-anchor="middle" class="tick">\#(escape(number(x)))</text>"#
        }
        svg += #"<line x1="\#(f(left))" y1="\#(f(top + plotHeight))" x2="\#(f(left + plotWidth))" y2="\#(f(top + plotHeight))" class="axis"/>"#
        svg += #"<text x="\#(f(left + plotWidth / 2))" y="\#(f(height - 8))" text-anchor="middle" class="label">\#(escape(xLabel))</text>"#
        svg += #"<text x="14" y="\#(f(top + plotHeight / 2))" text-anchor="middle" class="label" transform="rotate(-90 14 \#(f(top + plotHeight / 2)))">\#(escape(yLabel))</text>"#
        for (index, line) in series.enumerated() {
            let color = palette[index % palette.count]
            let sorted = line.points.sorted { $0.x < $1.x }
            let path = sorted.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            svg += #"<polyline class="series" data-series="\#(escape(line.label))" points="\#(path)" fill="none" stroke="\#(color)" stroke-width="2"/>"#
            for point in sorted {
                svg += #"<circle cx="\#(f(px(point.x)))" cy="\#(f(py(point.y)))" r="3" fill="\#(color)"><title>\#(escape(line.label)): \#(escape(number(point.x))) ms → \#(escape(yFormat(point.y)))</title></circle>"#
            }
            let legendY = top + 14 + Double(index) * 18
            svg += #"<line x1="\#(f(width - right + 12))" y1="\#(f(legendY - 4))" x2="\#(f(width - right + 32))" y2="\#(f(legendY - 4))" stroke="\#(color)" stroke-width="3"/>"#
            svg += #"<text x="\#(f(width - right + 38))" y="\#(f(legendY))" class="legend">\#(escape(line.label))</text>"#
        }
        return svg + "</svg>"
    }

    /// Lanes of busy spans over `seconds`: the device's slots, then the threads that ran tools.
    static func timeline(id: String, _ timeline: LabTimeline, maxLanes: Int = 48) -> String {
        let lanes = timeline.slots.map { ($0, "slot") } + timeline.toolThreads.prefix(max(0, maxLanes - timeline.slots.count)).map { ($0, "tool") }
        let width = 900.0, left = 140.0, right = 16.0, top = 36.0, laneHeight = 12.0, gap = 3.0
        let plotWidth = width - left - right
        let height = top + Double(lanes.count) * (laneHeight + gap) + 40
        let seconds = max(timeline.seconds, 1e-6)
        func px(_ t: Double) -> Double { left + plotWidth * min(max(t / seconds, 0), 1) }

        var svg = #"<svg xmlns="http://www.w3.org/2000/svg" id="\#(id)" class="chart timeline" viewBox="0 0 \#(f(width)) \#(f(height))" width="\#(f(width))" height="\#(f(height))" role="img">"#
        svg += "<title>\(escape(timeline.title))</title>"
        svg += #"<text x="\#(f(left))" y="20" class="chart-title">\#(escape(timeline.title))</text>"#
        for (index, (lane, kind)) in lanes.enumerated() {
            let y = top + Double(index) * (laneHeight + gap)
            svg += #"<text x="\#(f(left - 6))" y="\#(f(y + laneHeight - 2))" text-anchor="end" class="lane-label">\#(escape(lane.name))</text>"#
            svg += #"<rect x="\#(f(left))" y="\#(f(y))" width="\#(f(plotWidth))" height="\#(f(laneHeight))" class="lane"/>"#
            let color = kind == "slot" ? "#1f77b4" : "#d62728"
            for span in lane.spans {
                let x = px(span.start)
                svg += #"<rect class="span \#(kind)" x="\#(f(x))" y="\#(f(y))" width="\#(f(max(0.5, px(span.end) - x)))" height="\#(f(laneHeight))" fill="\#(color)"/>"#
            }
        }
        let axisY = top + Double(lanes.count) * (laneHeight + gap) + 4
        for step in 0...5 {
            let t = seconds * Double(step) / 5
            svg += #"<text x="\#(f(px(t)))" y="\#(f(axisY + 12))" text-anchor="middle" class="tick">\#(String(format: "%.2f s", t))</text>"#
        }
        if timeline.toolThreads.count > lanes.count - timeline.slots.count {
            svg += #"<text x="\#(f(left))" y="\#(f(axisY + 30))" class="tick">(\#(timeline.toolThreads.count - (lanes.count - timeline.slots.count)) more tool threads not drawn)</text>"#
        }
        return svg + "</svg>"
    }

    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for step in [1.0, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%g", value)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
