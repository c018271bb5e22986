import AgoraRuntime
import Foundation
import Synchronization

/// Collects what a run's agents and tools did, stamped on the device's clock. Tool bodies call it from
/// whatever thread runs them, which is how the timeline knows the tool threads.
final class LabRecorder: Sendable {
    let device: SimulatedAccelerator
    private let state = Mutex(State())

    struct ToolSpan {
        var thread: ObjectIdentifier
        var onPool: Bool
        var span: LabMetrics.Span
    }

    struct State {
        var tools: [ToolSpan] = []
        var latencies: [Double] = []
    }

    init(device: SimulatedAccelerator) {
        self.device = device
    }

    /// The blocking tool body: holds its thread for `seconds`, as a subprocess or a synchronous client would.
    func blockingTool(seconds: Double) {
        let start = device.time()
        if seconds > 0 { Thread.sleep(forTimeInterval: seconds) }
        let end = device.time()
        let span = ToolSpan(thread: ObjectIdentifier(Thread.current), onPool: ToolPool.isOnPoolThread, span: .init(start: start, end: end))
        state.withLock { $0.tools.append(span) }
    }

    func agentFinished(after seconds: Double) {
        state.withLock { $0.latencies.append(seconds) }
    }

    var tools: [ToolSpan] { state.withLock { $0.tools } }
    var latencies: [Double] { state.withLock { $0.latencies } }
}
