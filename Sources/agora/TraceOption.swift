import AgoraRuntime

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
