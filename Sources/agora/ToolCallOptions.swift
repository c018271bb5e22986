import AgoraCore
import AgoraDefinitions
import AgoraTools
import ArgumentParser
import Foundation

/// How an LLM agent's tool calls are made and approved: shared by the commands that run agent loops.
struct ToolCallOptions: ParsableArguments {
    @Option(name: .customLong("tool-calls"), help: ArgumentHelp(
        "How agents ask for tool calls when their file does not say: native (the API's tools field), json (one JSON object per turn, constrained by a schema of the agent's tools: for models without tool support) or auto (a probe decides per back end).",
        valueName: "mode"))
    var mode: String = "native"

    @Option(name: .customLong("approve"), help: ArgumentHelp(
        "Approve calls of this tool without asking (repeatable). Alone, at the end or before another option: approve every tool.",
        valueName: "tool"))
    var approved: [String] = []

    @Flag(name: .customLong("deny-unapproved"), help: "Deny every call that needs approval and was not approved with --approve, without asking.")
    var denyUnapproved = false

    /// What `--approve` alone becomes (see `OptionalValueArguments`).
    static let everyTool = "*"

    func validate() throws {
        guard ToolCallMode(rawValue: mode) != nil else {
            throw ValidationError("--tool-calls '\(mode)': expected native, json or auto")
        }
        if denyUnapproved, approved.contains(Self.everyTool) {
            throw ValidationError("--deny-unapproved with --approve (every tool) leaves nothing to deny; give one of them")
        }
    }

    var toolCallMode: ToolCallMode { ToolCallMode(rawValue: mode) ?? .native }

    /// Checks that every `--approve TOOL` names a tool there is.
    func checkApproved(against tools: [String]) throws {
        for name in approved where name != Self.everyTool && !tools.contains(name) {
            let hint = Suggestion.nearest(to: name, in: tools).map { " (did you mean '\($0)'?)" } ?? ""
            throw CLIError("--approve '\(name)': no such tool\(hint); tools: \(tools.joined(separator: ", "))")
        }
    }

    /// The flags' rules, then a terminal prompt when standard input is a terminal.
    func approver() -> ApprovalRules {
        ApprovalRules(
            approveAll: approved.contains(Self.everyTool), approvedTools: Set(approved), denyUnapproved: denyUnapproved,
            asking: isatty(STDIN_FILENO) == 1 ? TerminalApprover() : nil
        )
    }
}
