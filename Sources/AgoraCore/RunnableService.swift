import Synchronization

/// Something that runs threads of its own (the tool pool, the curl engine, the simulated accelerator) and so has
/// a life: `run()` lasts until it is stopped, and cancelling the task that runs it stops it, the shutdown path
/// of swift-service-lifecycle's `Service` (AgoraServices adapts these to it). `shutdown()` stops it from outside.
public protocol RunnableService: Sendable {
    /// Returns once the service has stopped: after `shutdown()`, or at once when the calling task is cancelled
    /// (which shuts it down).
    func run() async throws
    func shutdown()
}

/// A one-shot latch for a service's end: `shutdown()` fires it, `run()` waits for it.
public final class StopSignal: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    public init() {}

    public var isFired: Bool { state.withLock { $0.fired } }

    /// Wakes every waiter, now and later. Firing twice is harmless.
    public func fire() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.fired = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once fired.
    public func wait() async {
        await withCheckedContinuation { continuation in
            let fired = state.withLock { state -> Bool in
                if !state.fired { state.waiters.append(continuation) }
                return state.fired
            }
            if fired { continuation.resume() }
        }
    }

    /// The body of a service's `run()`: wait until `stop` has run, running it when the task is cancelled.
    public func run(stoppingWith stop: @Sendable () -> Void) async {
        await withTaskCancellationHandler { await wait() } onCancel: { stop() }
    }
}
