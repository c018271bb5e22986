import AgoraCore
import Foundation
import Synchronization

/// A trace sink that writes a file: JSON lines or Chrome trace format. `close()` flushes it.
public protocol TraceFileSink: TraceSink {
    func close() throws
}

extension JSONLinesTraceSink: TraceFileSink {}

/// Picks the trace file format from the path: `.json` writes Chrome trace / Perfetto format (a timeline to
/// open in ui.perfetto.dev or chrome://tracing), anything else JSON lines.
public enum TraceFile {
    public static func sink(path: String) throws -> any TraceFileSink {
        path.lowercased().hasSuffix(".json") ? try ChromeTraceSink(path: path) : try JSONLinesTraceSink(path: path)
    }
}

/// Writes a run as Chrome trace event format (the JSON that Perfetto and chrome://tracing open): one track per
/// agent (its life, with its model and tool calls inside), one per model slot of each back end, and one per
/// tool thread.
///
/// Trace events do not say which slot or thread served a call, so calls are laid onto the fewest lanes that
/// hold them without overlap: as many lanes as calls ran at once, which the gate bounds by the slots.
/// Events are kept in memory and the file is written by `close()`.
public final class ChromeTraceSink: TraceFileSink {
    private let file: StagedFile
    private let events = Mutex<[TraceEvent]>([])

    /// Checks the path and stages the file at once, so a bad path fails before the run; `close()` puts the whole
    /// document in place (see `StagedFile`), and a sink dropped without it leaves the path as it was.
    public init(path: String) throws {
        file = try StagedFile(path: path)
    }

    public func record(_ event: TraceEvent) {
        events.withLock { $0.append(event) }
    }

    /// Lays out the events and writes the file.
    public func close() throws {
        let recorded = events.withLock { events in
            defer { events.removeAll() }
            return events
        }
        let data = try JSONSerialization.data(withJSONObject: Self.document(for: recorded), options: [.withoutEscapingSlashes])
        try file.write(data)
        try file.commit()
    }

    // MARK: - Layout

    static let agentsProcess = 1
    static let slotsProcess = 2
    static let toolsProcess = 3

    struct Interval {
        var start: Double
        var end: Double
        var name: String
        var agent: String
        var args: [String: Any]
    }

    /// The whole trace document: `{"traceEvents": [...], "displayTimeUnit": "ms"}`.
    public static func document(for events: [TraceEvent]) -> [String: Any] {
        let sorted = events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        let end = sorted.last?.time ?? 0
        var agentOrder: [String] = []
        var agentTrack: [String: (start: Double?, finish: Double?, outcome: String?, name: String, calls: [Interval])] = [:]
        var modelOpen: [String: [(Double, String)]] = [:]
        var modelCalls: [String: [Interval]] = [:]  // by back end
        var toolCalls: [Interval] = []

        func track(_ path: String) {
            if agentTrack[path] == nil {
                agentOrder.append(path)
                agentTrack[path] = (nil, nil, nil, String(path.split(separator: "/").last ?? ""), [])
            }
        }
        for event in sorted {
            let path = event.path.rawValue
            track(path)
            switch event.kind {
            case .agentStarted(let name):
                agentTrack[path]?.start = event.time
                agentTrack[path]?.name = name
            case .agentFinished(let outcome, _):
                agentTrack[path]?.finish = event.time
                agentTrack[path]?.outcome = outcome.rawValue
            case .modelCallStarted(let backend, _):
                modelOpen[path, default: []].append((event.time, backend))
            case .modelCallFinished(let backend, let usage, _, let failed):
                let opened = modelOpen[path]?.isEmpty == false ? modelOpen[path]!.removeFirst() : (event.time, backend)
                let call = Interval(start: opened.0, end: event.time, name: "model \(backend)", agent: path,
                                    args: ["input_tokens": usage.inputTokens, "output_tokens": usage.outputTokens, "failed": failed])
                agentTrack[path]?.calls.append(call)
                modelCalls[backend, default: []].append(call)
            case .toolCallFinished(let tool, let run, let resume, let outcome):
                let stop = event.time - resume
                let call = Interval(start: max(0, stop - run), end: stop, name: "tool \(tool)", agent: path, args: ["outcome": outcome])
                agentTrack[path]?.calls.append(call)
                toolCalls.append(call)
            case .modelCallQueued, .toolCallQueued, .toolCallStarted, .note:
                break
            }
        }

        var out: [[String: Any]] = []
        func meta(_ pid: Int, _ tid: Int?, _ kind: String, _ name: String) {
            var event: [String: Any] = ["ph": "M", "pid": pid, "name": kind, "args": ["name": name]]
            if let tid { event["tid"] = tid }
            out.append(event)
        }
        func micro(_ seconds: Double) -> Double { (seconds * 1e6).rounded() }
        func complete(_ call: Interval, pid: Int, tid: Int) {
            var args = call.args
            args["agent"] = call.agent
            out.append(["ph": "X", "pid": pid, "tid": tid, "name": call.name, "ts": micro(call.start),
                        "dur": max(0, micro(call.end) - micro(call.start)), "args": args])
        }

        meta(agentsProcess, nil, "process_name", "agents")
        for (index, path) in agentOrder.enumerated() {
            let agent = agentTrack[path]!
            let tid = index + 1
            meta(agentsProcess, tid, "thread_name", path)
            let begin = agent.start ?? agent.calls.map(\.start).min() ?? end
            let finish = agent.finish ?? end
            out.append(["ph": "B", "pid": agentsProcess, "tid": tid, "name": agent.name, "ts": micro(begin), "args": ["path": path]])
            for call in agent.calls.sorted(by: { $0.start < $1.start }) {
                var clipped = call
                clipped.start = max(call.start, begin)
                clipped.end = max(clipped.start, min(call.end, finish))
                complete(clipped, pid: agentsProcess, tid: tid)
            }
            out.append(["ph": "E", "pid": agentsProcess, "tid": tid, "ts": micro(max(begin, finish)),
                        "args": ["outcome": agent.outcome ?? "unfinished"]])
        }
        for (offset, backend) in modelCalls.keys.sorted().enumerated() {
            let pid = slotsProcess + 10 * offset
            meta(pid, nil, "process_name", "model slots: \(backend)")
            for (lane, calls) in lanes(modelCalls[backend]!).enumerated() {
                meta(pid, lane + 1, "thread_name", "slot \(lane)")
                for call in calls { complete(call, pid: pid, tid: lane + 1) }
            }
        }
        if !toolCalls.isEmpty {
            meta(toolsProcess, nil, "process_name", "tool threads")
            for (lane, calls) in lanes(toolCalls).enumerated() {
                meta(toolsProcess, lane + 1, "thread_name", "tool thread \(lane)")
                for call in calls { complete(call, pid: toolsProcess, tid: lane + 1) }
            }
        }
        return ["traceEvents": out, "displayTimeUnit": "ms"]
    }

    /// Puts each interval on the first lane free at its start: as many lanes as intervals overlap at most.
    static func lanes(_ intervals: [Interval]) -> [[Interval]] {
        var lanes: [[Interval]] = []
        var ends: [Double] = []
        for interval in intervals.sorted(by: { $0.start < $1.start }) {
            if let free = ends.firstIndex(where: { $0 <= interval.start }) {
                lanes[free].append(interval)
                ends[free] = interval.end
            } else {
                lanes.append([interval])
                ends.append(interval.end)
            }
        }
        return lanes
    }
}
