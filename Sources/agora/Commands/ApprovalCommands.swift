import AgoraAgents
import AgoraCore
import AgoraMemory
import AgoraTools
import ArgumentParser
import Foundation

/// `agora approve RUN_ID CALL_ID`: allows a call a paused run is waiting for; `agora resume RUN_ID` then goes on.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a tool call a paused run is waiting for (without a call id: list what it waits for)."
    )

    @OptionGroup var answer: ApprovalAnswer

    func run() async throws { try await answer.give(.approved) }
}

/// `agora deny RUN_ID CALL_ID`: refuses the call; the model reads the refusal when the run resumes.
struct DenyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deny",
        abstract: "Deny a tool call a paused run is waiting for (without a call id: list what it waits for)."
    )

    @OptionGroup var answer: ApprovalAnswer

    func run() async throws { try await answer.give(.denied) }
}

/// What approve and deny share: find the request in the run journal, write the decision beside it.
struct ApprovalAnswer: ParsableArguments {
    @Argument(help: "The run id given to --run-id.") var runID: String
    @Argument(help: "The call id the paused run printed.") var callID: String?
    @Option(help: ArgumentHelp("The workspace folder holding the run journal.", valueName: "folder")) var workspace: String = SQLiteWorkspace.defaultFolder

    func give(_ decision: ApprovalDecision) async throws {
        let file = RunJournalOpener.file(in: workspace)
        guard FileManager.default.fileExists(atPath: file) else {
            throw CLIError("no run journal in '\(workspace)' (no \(file)): was the run started with --run-id?")
        }
        let journal: SQLiteRunJournal
        do { journal = try SQLiteRunJournal(path: file) } catch { throw CLIError("\(error)") }
        guard try await journal.run(id: runID) != nil else { throw CLIError("no run '\(runID)' in '\(workspace)'") }
        let requests = try await pendingRequests(in: journal)
        guard let callID else {
            if requests.isEmpty { print("run \(runID) waits for no approval") }
            for (request, answered) in requests {
                print("\(request.id)  \(TerminalText.escaped(request.question))" + (answered.map { "  (\($0.rawValue))" } ?? ""))
            }
            return
        }
        guard let (request, answered) = requests.first(where: { $0.0.id == callID }) else {
            let waiting = requests.filter { $0.1 == nil }.map(\.0.id)
            throw CLIError("run \(runID) has no call '\(callID)' waiting for approval" + (waiting.isEmpty ? "" : "; waiting: \(waiting.joined(separator: ", "))"))
        }
        if let answered {
            throw CLIError("call \(callID) of run \(runID) was already \(answered.rawValue)")
        }
        let path = AgentPath(request.path) ?? AgentPath()
        try await journal.record(runID: runID, path: path, key: ApprovalKeys.decision(callID), result: try JSONEncoder().encode(decision))
        print("\(decision.rawValue): \(TerminalText.escaped(request.question)) (call \(callID)); continue with: agora resume \(runID)" + (workspace == ".agora" ? "" : " --workspace \(workspace)"))
    }

    /// Every request the run recorded, with its decision if it has one.
    func pendingRequests(in journal: SQLiteRunJournal) async throws -> [(ApprovalRequest, ApprovalDecision?)] {
        let entries = try await journal.entries(runID: runID)
        var found: [(ApprovalRequest, ApprovalDecision?)] = []
        for entry in entries where entry.key.hasPrefix(ApprovalKeys.request("")) {
            guard let data = try await journal.lookup(runID: runID, path: entry.path, key: entry.key),
                let request = try? JSONDecoder().decode(ApprovalRequest.self, from: data)
            else { continue }
            let decision = try await journal.lookup(runID: runID, path: entry.path, key: ApprovalKeys.decision(request.id))
                .flatMap { try? JSONDecoder().decode(ApprovalDecision.self, from: $0) }
            found.append((request, decision))
        }
        return found
    }
}
