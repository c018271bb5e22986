import Foundation

/// Runs blocking work (waiting for a process to exit, polling a pipe, a semaphore) on a thread of its own and
/// awaits its end. Swift Testing runs every test on the cooperative pool, which has one thread per core (two here):
/// a test that blocks one of them for the seconds a child process runs stalls every other test of the process,
/// and timing-sensitive ones then fail for no fault of the code under test.
public func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
        }.start()
    }
}
