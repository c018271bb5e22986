/// Runs work under an agent's `timeout`: past it, the work is cancelled and the agent fails with `TimeoutError`.
enum Deadline {
    static func run<Result: Sendable>(seconds: Double, agent: String, _ work: @escaping @Sendable () async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw TimeoutError(agent: agent, seconds: seconds)
            }
            return result
        }
    }
}

/// An agent ran past its `timeout`.
public struct TimeoutError: Error, Sendable, CustomStringConvertible {
    public var agent: String
    public var seconds: Double
    public var description: String { "agent '\(agent)' ran past its timeout of \(seconds) seconds" }
}
