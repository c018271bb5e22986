import AgoraLab
import Foundation

/// What the benchmarks measure of the process itself.
enum ProcessMetrics {
    /// User + system CPU time of every thread of the process, in seconds.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// Peak resident set size so far, in MB.
    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

/// Latency samples in nanoseconds, summarised as percentiles.
struct LatencySamples {
    private(set) var nanoseconds: [Int64] = []

    init(capacity: Int = 0) {
        nanoseconds.reserveCapacity(capacity)
    }

    mutating func append(_ duration: Duration) {
        nanoseconds.append(duration.inNanoseconds)
    }

    mutating func append(contentsOf other: LatencySamples) {
        nanoseconds.append(contentsOf: other.nanoseconds)
    }

    /// The value below which `fraction` of the samples fall (nearest rank), in microseconds.
    func percentileMicroseconds(_ fraction: Double) -> Double {
        LabMetrics.percentile(nanoseconds.map(Double.init), fraction) / 1000
    }

    var maxMicroseconds: Double { Double(nanoseconds.max() ?? 0) / 1000 }
}

/// A plain text table: columns padded to their widest cell, numbers right-aligned.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: String...) {
        self.header = header
    }

    mutating func add(_ cells: String...) {
        rows.append(cells)
    }

    var rendered: String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}

/// One JSON object per line, keys sorted, for machines.
enum JSONLine {
    static func print(_ object: [String: Any]) {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}

/// A whole report as one pretty-printed JSON document, keys sorted, for machines.
func prettyJSON(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
