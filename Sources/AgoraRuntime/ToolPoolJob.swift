import AgoraCore
import Synchronization

/// A unit of work in the pool's queue: a class, not a protocol, so that the state machine can key a call's
/// deadline by the call's identity.
class PoolJob: @unchecked Sendable {
    /// Runs the work unless the caller gave up first. Returns true if the caller gave up while it ran.
    func execute() -> Bool { fatalError("a PoolJob subclass runs its work") }
    func abandon(with error: any Error) { fatalError("a PoolJob subclass resumes its caller") }
}

/// One call: the work, its caller's continuation, and who gets to resume it.
///
/// Exactly one of "the work finished" and "the caller gave up" resumes the continuation: the state word
/// decides, under a lock, which came first.
final class Job<Result: Sendable>: PoolJob, @unchecked Sendable {
    struct Times {
        var submitted: ContinuousClock.Instant?
        var started: ContinuousClock.Instant?
        var finished: ContinuousClock.Instant?
    }

    enum Phase { case queued, running, done, abandonedQueued, abandonedRunning }

    private let work: @Sendable (ToolCancellation) throws -> Result
    private let onStuck: @Sendable () -> Void
    /// Whether to record the times (tracing, `runTimed`).
    private let timed: Bool
    let cancellation = ToolCancellation()
    private let state: Mutex<(phase: Phase, continuation: UnsafeContinuation<Result, any Error>?, times: Times)>

    init(work: @escaping @Sendable (ToolCancellation) throws -> Result, timed: Bool, onStuck: @escaping @Sendable () -> Void) {
        self.work = work
        self.onStuck = onStuck
        self.timed = timed
        self.state = Mutex((.queued, nil, Times(submitted: timed ? .now : nil)))
    }

    func attach(_ continuation: UnsafeContinuation<Result, any Error>) {
        // The job may have been abandoned (cancelled before it was submitted): resume at once then.
        let timed = self.timed
        let early: (any Error)? = state.withLock { state in
            if timed { state.times.submitted = .now }
            switch state.phase {
            case .queued, .running:
                state.continuation = continuation
                return nil
            case .done, .abandonedQueued, .abandonedRunning:
                return CancellationError()
            }
        }
        if let early { continuation.resume(throwing: early) }
    }

    var times: Times { state.withLock { $0.times } }

    override func execute() -> Bool {
        let go = state.withLock { state -> Bool in
            guard state.phase == .queued else { return false }
            state.phase = .running
            if timed { state.times.started = .now }
            return true
        }
        guard go else { return false }
        let outcome = Swift.Result { try work(cancellation) }
        let (continuation, stuck) = state.withLock { state -> (UnsafeContinuation<Result, any Error>?, Bool) in
            if timed { state.times.finished = .now }
            if state.phase == .abandonedRunning { return (nil, true) }
            state.phase = .done
            defer { state.continuation = nil }
            return (state.continuation, false)
        }
        continuation?.resume(with: outcome)
        return stuck
    }

    override func abandon(with error: any Error) {
        let continuation = state.withLock { state -> UnsafeContinuation<Result, any Error>? in
            switch state.phase {
            case .queued: state.phase = .abandonedQueued
            case .running:
                state.phase = .abandonedRunning
                onStuck()
            case .done, .abandonedQueued, .abandonedRunning: return nil
            }
            defer { state.continuation = nil }
            return state.continuation
        }
        cancellation.cancel()
        continuation?.resume(throwing: error)
    }
}
