import AgoraTools
import Foundation

/// Asks on the terminal: the question on standard error, the answer a line of standard input. Only `y` or `yes`
/// approves; any other line denies (the prompt's default is No). End of input (^D) decides nothing: a run with a
/// run id then pauses for `agora approve`/`agora deny`, any other run fails in one line. One question at a time, on a
/// thread of its own, so that a person answering slowly blocks no agent's thread.
final class TerminalApprover: ToolApprover {
    private let queue = DispatchQueue(label: "agora.terminal-approver")

    func decide(_ request: ApprovalRequest) async throws -> ApprovalDecision? {
        await withCheckedContinuation { continuation in
            queue.async {
                let prompt = TerminalText.escaped(request.question) + " [y/N] "
                FileHandle.standardError.write(Data(prompt.utf8))
                guard let line = readLine() else {
                    FileHandle.standardError.write(Data("\n".utf8))
                    continuation.resume(returning: nil)
                    return
                }
                let answer = line.trimmingCharacters(in: .whitespaces).lowercased()
                continuation.resume(returning: answer == "y" || answer == "yes" ? .approved : .denied)
            }
        }
    }
}
