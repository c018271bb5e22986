/// The arithmetic behind a lab point, apart from any run so that it can be checked by hand.
public enum LabMetrics {
    /// A span of time on the device's clock.
    public struct Span: Sendable, Hashable, Codable {
        public var start: Double
        public var end: Double

        public init(start: Double, end: Double) {
            self.start = start
            self.end = max(start, end)
        }
    }

    /// Idle slot-seconds within `window` during which at least one tool call was running: the back end had
    /// free slots while agents waited on tools. Idle time with no tool running (start-up, the tail of the
    /// run) is not counted.
    public static func toolIdleSlotSeconds(busy: [Span], tools: [Span], slots: Int, window: Span) -> Double {
        // Sweep the changes in busy slots and running tools in time order; between two changes both counts hold.
        var changes: [(time: Double, busy: Int, tools: Int)] = []
        changes.reserveCapacity(2 * (busy.count + tools.count))
        for span in busy {
            changes.append((span.start, 1, 0))
            changes.append((span.end, -1, 0))
        }
        for span in tools {
            changes.append((span.start, 0, 1))
            changes.append((span.end, 0, -1))
        }
        changes.sort { $0.time < $1.time }
        var busyNow = 0
        var toolsNow = 0
        var last = window.start
        var idle = 0.0
        for change in changes {
            let time = min(max(change.time, window.start), window.end)
            if toolsNow > 0, time > last { idle += Double(max(0, slots - busyNow)) * (time - last) }
            last = max(last, time)
            busyNow += change.busy
            toolsNow += change.tools
        }
        if toolsNow > 0, window.end > last { idle += Double(max(0, slots - busyNow)) * (window.end - last) }
        return idle
    }

    /// The value below which `fraction` of `values` fall (nearest rank); 0 for no values.
    public static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((Double(sorted.count) * fraction).rounded(.up)) - 1
        return sorted[min(sorted.count - 1, max(0, rank))]
    }
}
