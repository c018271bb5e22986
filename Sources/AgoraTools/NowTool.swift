import AgoraCore
import Foundation

/// `now`: the current date and time (ISO 8601, UTC and the machine's zone) and the Unix time.
public struct NowTool: Tool {
    private let clock: @Sendable () -> Date

    /// - Parameter clock: where the time comes from; tests fix it.
    public init(clock: @escaping @Sendable () -> Date = { Date() }) {
        self.clock = clock
    }

    public let spec = ToolSpec(
        name: "now",
        description: "The current date and time: ISO 8601 in UTC, the weekday, and Unix seconds.",
        inputSchema: ["type": "object", "properties": [:], "additionalProperties": false]
    )

    public func call(arguments: JSONValue) async throws -> ToolOutput {
        let date = clock()
        let iso = ISO8601DateFormatter()
        iso.timeZone = TimeZone(identifier: "UTC")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let weekday = weekdays[calendar.component(.weekday, from: date) - 1]
        return .json(["utc": .string(iso.string(from: date)), "weekday": .string(weekday),
                      "unix": .number(date.timeIntervalSince1970.rounded(.down))])
    }
}
