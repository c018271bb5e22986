import AgoraRuntime

extension TraceFile {
    /// The sink of `--trace PATH` (Chrome trace for a .json path, else JSON lines), or a one-line error naming it.
    static func open(_ path: String) throws -> any TraceFileSink {
        do { return try sink(path: path) } catch { throw CLIError("cannot write --trace '\(path)'") }
    }
}
