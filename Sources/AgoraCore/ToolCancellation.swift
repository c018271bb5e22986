import Synchronization

/// Tells blocking work that its caller has stopped waiting (the agent was cancelled, or the call timed out).
///
/// Blocking code cannot be interrupted from outside; a long tool should poll `isCancelled` between steps, or
/// register a handler that unblocks it (a process tool kills its process).
public final class ToolCancellation: Sendable {
    private let state = Mutex<(cancelled: Bool, handlers: [@Sendable () -> Void])>((false, []))

    public init() {}

    public var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Runs `handler` when the call is cancelled (at once if it already is). Handlers run on the thread that
    /// cancels: keep them short.
    public func onCancel(_ handler: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.cancelled { return true }
            state.handlers.append(handler)
            return false
        }
        if runNow { handler() }
    }

    /// Marks the call cancelled and runs the handlers, once.
    public func cancel() {
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.cancelled else { return [] }
            state.cancelled = true
            defer { state.handlers = [] }
            return state.handlers
        }
        for handler in handlers { handler() }
    }
}
