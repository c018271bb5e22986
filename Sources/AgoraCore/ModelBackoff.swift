/// How a back end waits before it sends a failed request again (a 429's `Retry-After`, a backoff after a 5xx).
///
/// A back end calls `ModelBackoff.wait(for:)` where it would sleep. Whoever admitted the call can bind
/// `ModelBackoff.$current` around it to do better than sleep: the runtime's model gate gives the call's slot back
/// for the wait and takes one again after it, so that waiting out a busy server is not booked as busy back-end
/// time and another call can use the slot meanwhile. With nothing bound, `wait` just sleeps.
///
/// ```swift
/// try await ModelBackoff.wait(for: .seconds(retryAfter))
/// ```
public struct ModelBackoff: Sendable {
    private let pause: @Sendable (Duration) async throws -> Void

    /// `pause` waits `duration` (it may do more around the wait) and throws `CancellationError` if cancelled.
    public init(_ pause: @escaping @Sendable (Duration) async throws -> Void) {
        self.pause = pause
    }

    /// The wait in force for the current task's model call; nil outside any gate.
    @TaskLocal public static var current: ModelBackoff?

    /// Waits `duration` before a retry, as the current call's admitter wants. Throws `CancellationError` if the
    /// task is cancelled meanwhile.
    public static func wait(for duration: Duration) async throws {
        if let current {
            try await current.pause(duration)
        } else {
            try await Task.sleep(for: duration)
        }
    }
}
