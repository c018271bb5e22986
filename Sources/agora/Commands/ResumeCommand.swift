import AgoraMemory
import ArgumentParser
import Foundation

/// `agora resume ID`: starts a journaled run again with the arguments it was first given. Agents that
/// finished before it stopped are replayed from the journal; the rest run.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a run started with --run-id: finished agents are replayed from the journal, not run again."
    )

    @Argument(help: "The run id given to --run-id.")
    var runID: String

    @Option(help: "The workspace folder holding the run journal.")
    var workspace: String = SQLiteWorkspace.defaultFolder

    func run() async throws {
        let path = RunJournalOpener.file(in: workspace)
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("no run journal in '\(workspace)' (no \(path)): was the run started with --run-id?")
        }
        let journal: SQLiteRunJournal
        do { journal = try SQLiteRunJournal(path: path) } catch { throw CLIError("\(error)") }
        guard let record = try await journal.run(id: runID) else {
            let known = try await journal.runs(limit: 5).map(\.id)
            throw CLIError("no run '\(runID)' in '\(workspace)'" + (known.isEmpty ? "" : " (recent runs: \(known.joined(separator: ", ")))"))
        }
        try await Agora.dispatch(record.arguments)
    }
}
