import AgoraRuntime
import ArgumentParser

/// `--trace FILE` of every command that runs a swarm: one meaning, both formats.
struct TraceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write trace events (agents, model and tool calls) to this file: Chrome trace / Perfetto format for a .json path, else JSON lines.", valueName: "file"))
    var trace: String?

    /// The sink, opened now so that a bad path fails before the run; nil without `--trace`.
    func open() throws -> (any TraceFileSink)? {
        try trace.map(TraceFile.open)
    }
}

extension TraceFile {
    /// The sink of `--trace PATH` (Chrome trace for a .json path, else JSON lines), or a one-line error naming it.
    static func open(_ path: String) throws -> any TraceFileSink {
        do { return try sink(path: path) } catch { throw CLIError(message(error, path: path)) }
    }

    /// `cannot write --trace 'PATH': why`, the why when it is known.
    static func message(_ error: any Error, path: String) -> String {
        if let error = error as? OutputTargetError { return OutputFile.message(error, option: "--trace") }
        return "cannot write --trace '\(path)'"
    }
}
