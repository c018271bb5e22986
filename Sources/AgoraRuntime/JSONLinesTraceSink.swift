import AgoraCore
import Foundation
import Synchronization

/// Writes each trace event as one JSON object a line, buffered, to a file.
///
/// The file is created (or truncated in place, keeping its mode) when the sink is made, and written as the run
/// goes so that a crash leaves the trace up to it; call `close()` to flush the tail. A device (`/dev/null`) is
/// written, not replaced; a directory or a link to nothing is refused (see `OutputTarget`).
public final class JSONLinesTraceSink: TraceSink {
    private let state: Mutex<State>

    private struct State {
        var handle: FileHandle?
        var buffer = Data()
    }

    public init(path: String) throws {
        state = Mutex(State(handle: try OutputTarget.resolve(path).openTruncating()))
    }

    public func record(_ event: TraceEvent) {
        let line = TraceEventJSON.line(for: event)
        state.withLock { state in
            state.buffer.append(contentsOf: line.utf8)
            state.buffer.append(0x0A)
            if state.buffer.count > 64 * 1024 {
                try? state.handle?.write(contentsOf: state.buffer)
                state.buffer.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Flushes and closes the file.
    public func close() throws {
        try state.withLock { state in
            try state.handle?.write(contentsOf: state.buffer)
            state.buffer.removeAll()
            try state.handle?.close()
            state.handle = nil
        }
    }
}

/// The JSON form of a trace event: flat, one `event` name, snake_case fields.
public enum TraceEventJSON {
    public static func object(for event: TraceEvent) -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "t": .number((event.time * 1e6).rounded() / 1e6),
            "run": .string(event.runID),
            "agent": .string(event.path.rawValue),
        ]
        switch event.kind {
        case .agentStarted(let name):
            object["event"] = "agent_started"
            object["name"] = .string(name)
        case .agentFinished(let outcome, let seconds):
            object["event"] = "agent_finished"
            object["outcome"] = .string(outcome.rawValue)
            object["seconds"] = .number(seconds)
        case .modelCallQueued(let backend):
            object["event"] = "model_call_queued"
            object["backend"] = .string(backend)
        case .modelCallStarted(let backend, let wait):
            object["event"] = "model_call_started"
            object["backend"] = .string(backend)
            object["wait_seconds"] = .number(wait)
        case .modelCallFinished(let backend, let usage, let seconds, let failed):
            object["event"] = "model_call_finished"
            object["backend"] = .string(backend)
            object["input_tokens"] = .number(Double(usage.inputTokens))
            object["output_tokens"] = .number(Double(usage.outputTokens))
            object["seconds"] = .number(seconds)
            object["failed"] = .bool(failed)
        case .toolCallQueued(let tool):
            object["event"] = "tool_call_queued"
            object["tool"] = .string(tool)
        case .toolCallStarted(let tool, let wait):
            object["event"] = "tool_call_started"
            object["tool"] = .string(tool)
            object["wait_seconds"] = .number(wait)
        case .toolCallFinished(let tool, let run, let resume, let outcome):
            object["event"] = "tool_call_finished"
            object["tool"] = .string(tool)
            object["run_seconds"] = .number(run)
            object["resume_seconds"] = .number(resume)
            object["outcome"] = .string(outcome)
        case .note(let message):
            object["event"] = "note"
            object["message"] = .string(message)
        }
        return object
    }

    public static func line(for event: TraceEvent) -> String {
        JSONValue.object(object(for: event)).compactJSON
    }
}
