import Foundation

/// Records each finished agent's result so that a rerun of the same run skips finished subtrees.
///
/// Implementation requirements: `record` must be durable before it returns (the runtime tells the parent only
/// afterwards), and safe to call from many agents at once. `key` is a hash of the agent's inputs and definition:
/// a result recorded under another key is not a match.
public protocol RunJournal: Sendable {
    func lookup(runID: String, path: AgentPath, key: String) async throws -> Data?
    func record(runID: String, path: AgentPath, key: String, result: Data) async throws
}
