import AgoraMemory
import Foundation

/// Opens the workspace's run journal for a named run and records how the run was started, so that
/// `agora resume ID` can start it again the same way.
enum RunJournalOpener {
    /// The SQLite file of a workspace folder, holding its run journal and (by default) its long-term memory.
    static func file(in workspace: String) -> String {
        SQLiteWorkspace.file(in: workspace)
    }

    static func open(workspace: String, runID: String, command: String) async throws -> SQLiteRunJournal {
        guard !runID.isEmpty, runID.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw CLIError("--run-id '\(runID)': use letters, digits, '-', '_' or '.'")
        }
        let journal: SQLiteRunJournal
        do {
            try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
            journal = try SQLiteRunJournal(path: file(in: workspace))
        } catch let error as SQLiteWorkspaceError {
            throw CLIError("\(error)")
        } catch {
            throw CLIError("cannot open the workspace '\(workspace)': \(error.localizedDescription)")
        }
        if try await journal.run(id: runID) == nil {
            let arguments = Array(CommandLine.arguments.dropFirst())
            try await journal.beginRun(id: runID, command: command, arguments: arguments)
        }
        return journal
    }
}
