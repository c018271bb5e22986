extension Segment {
    /// The earliest and the latest timestamp of `segments`' turns, as written. A transcript's timestamps are not
    /// always in order (a merged recording, an edit, a typo); the first and the last turn's would then print a
    /// range that runs backwards. Timestamps that do not read as `[H:]MM:SS[.f]` fall back on first and last.
    public static func timeRange(of segments: [Segment]) -> (start: String, end: String)? {
        let stamps = segments.flatMap { $0.turns.compactMap(\.timestamp) }
        guard let first = stamps.first, let last = stamps.last else { return nil }
        let timed = stamps.compactMap { stamp in seconds(stamp).map { (stamp, $0) } }
        guard timed.count == stamps.count,
              let earliest = timed.min(by: { $0.1 < $1.1 }), let latest = timed.max(by: { $0.1 < $1.1 }) else { return (first, last) }
        return (earliest.0, latest.0)
    }

    /// `01:02:03` → 3723, `1:23` → 83, `00:00:05.5` → 5.5; nil for anything else.
    static func seconds(_ stamp: String) -> Double? {
        let parts = stamp.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count) else { return nil }
        var total = 0.0
        for (index, part) in parts.enumerated() {
            let isLast = index == parts.count - 1
            let text = isLast ? part.replacingOccurrences(of: ",", with: ".") : String(part)
            guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || (isLast && $0 == ".")) }), let value = Double(text) else { return nil }
            total = total * 60 + value
        }
        return total
    }
}
