import AgoraCore
import Synchronization

/// Keeps every trace event in memory, for assertions.
public final class RecordingTraceSink: TraceSink {
    private let events = Mutex<[TraceEvent]>([])

    public init() {}

    public func record(_ event: TraceEvent) {
        events.withLock { $0.append(event) }
    }

    public var recorded: [TraceEvent] { events.withLock { $0 } }
}
