import AgoraCore
import AgoraMemory
import AgoraRuntime

/// What a command that runs a swarm opens before the run and closes after it, in one place: the trace sink of
/// `--trace` and, with `--run-id`, the workspace's run journal. Both are opened before the run, so a bad path
/// fails before any agent starts.
struct SwarmSession {
    let runID: String
    let trace: (any TraceFileSink)?
    let journal: SQLiteRunJournal?

    /// Opens the trace and, when `runID` is given, the journal of `workspace` under it, recording `command`.
    static func open(trace: TraceOptions, runID: String?, workspace: String, command: String) async throws -> SwarmSession {
        let sink = try trace.open()
        do {
            let journal = try await runID.asyncMap { try await RunJournalOpener.open(workspace: workspace, runID: $0, command: command) }
            return SwarmSession(runID: runID ?? Swarm.newRunID(), trace: sink, journal: journal)
        } catch {
            try? sink?.close()
            throw error
        }
    }

    /// The swarm of this session: its run id, trace and journal, and the back ends and limits given.
    func swarm(backends: [any ModelBackend], defaultBackend: String? = nil, limits: SwarmLimits) -> Swarm {
        Swarm(runID: runID, backends: backends, defaultBackend: defaultBackend, limits: limits, trace: trace, journal: journal)
    }

    /// The run went through: the trace is closed (a failure to write it is the command's error) and the journal
    /// records the run as `status`.
    func finish(_ status: String = "finished") async throws {
        try trace?.close()
        try await journal?.finishRun(id: runID, status: status)
    }

    /// The run ended otherwise (failed, paused): closes what it can, records `status`, and lets the run's own
    /// error be the one reported.
    func abandon(_ status: String) async {
        try? trace?.close()
        try? await journal?.finishRun(id: runID, status: status)
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
