/// How a supervisor treats a failing child, in the spirit of Erlang/OTP: restart it up to `maxRestarts`
/// times within `window`; one failure more within the window and the failure escalates to the parent.
///
/// Cancellation and runtime limits (depth, agent counts, budget) are never retried: restarting cannot fix them.
public struct RestartPolicy: Sendable, Hashable {
    public var maxRestarts: Int
    public var window: Duration

    public init(maxRestarts: Int, within window: Duration) {
        self.maxRestarts = maxRestarts
        self.window = window
    }

    /// Never restart: the first failure escalates.
    public static let never = RestartPolicy(maxRestarts: 0, within: .zero)
}

/// How one child of a fan-out ended, when the fan-out collects partial results instead of failing fast.
public enum ChildOutcome<Value: Sendable>: Sendable {
    case succeeded(Value)
    case failed(AgentFailure)

    public var value: Value? {
        if case .succeeded(let value) = self { return value }
        return nil
    }

    public var failure: AgentFailure? {
        if case .failed(let failure) = self { return failure }
        return nil
    }
}

/// A result that may be partial: what an agent had when its budget ran out, flagged as such.
public enum Completion<Value: Sendable>: Sendable {
    case complete(Value)
    case partial(Value, reason: String)

    public var value: Value {
        switch self {
        case .complete(let value), .partial(let value, _): value
        }
    }

    public var isPartial: Bool {
        if case .partial = self { return true }
        return false
    }
}
