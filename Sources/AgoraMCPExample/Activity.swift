import Foundation
import MCP

/// What the server has seen of cancellation, reported by the `activity` tool so that a client's tests can check that
/// the server was told: each `notifications/cancelled` received, and how `slow` calls ended.
///
/// The SDK cancels a handler's task when the notification names its request, so a `slow` call counted as stopped is
/// one whose client cancelled it (the SDK does not expose a handler's request id, hence counts rather than ids).
actor Activity {
    private var cancellations: [CancelledNotification.Parameters] = []
    private var running = 0
    private var stopped = 0
    private var finished = 0

    func received(_ cancellation: CancelledNotification.Parameters) {
        cancellations.append(cancellation)
    }

    func slowStarted() { running += 1 }

    func slowEnded(stopped wasStopped: Bool) {
        running -= 1
        if wasStopped { stopped += 1 } else { finished += 1 }
    }

    /// `{"cancellations": [{"request": "…", "reason": "…"}], "slow": {"running": 0, "stopped": 1, "finished": 0}}`
    var report: Value {
        .object([
            "cancellations": .array(cancellations.map { cancellation in
                .object([
                    "request": cancellation.requestId.map { .string($0.description) } ?? .null,
                    "reason": cancellation.reason.map(Value.string) ?? .null,
                ])
            }),
            "slow": .object(["running": .int(running), "stopped": .int(stopped), "finished": .int(finished)]),
        ])
    }
}
