import Foundation

extension BuiltProduct {
    /// `run(_:stdin:in:)` on a thread of its own: a run against a real model takes minutes, and waiting for it
    /// on one of the two cooperative threads would stall every other test in the process meanwhile.
    /// A real model on a loaded 2-core machine can take minutes a run: the default bound is ten.
    public func runOffThePool(_ arguments: [String], in directory: URL? = nil, timeout: Double = 600) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do { continuation.resume(returning: try run(arguments, in: directory, timeout: timeout)) } catch { continuation.resume(throwing: error) }
            }
            thread.start()
        }
    }
}
