import AgoraCore
import AgoraRuntime
import AgoraTools
import ArgumentParser
import Foundation

@main
struct Agora: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agora",
        abstract: "A runtime for swarms of AI agents.",
        version: Agora.version,
        subcommands: [
            SummarizeCommand.self, ResumeCommand.self, RunCommand.self, AgentsCommand.self, EvalCommand.self, MemoryCommand.self,
            RecallCommand.self, ToolsCommand.self, AskCommand.self, ApproveCommand.self, DenyCommand.self,
            BenchCommand.self, LabCommand.self,
        ]
    )

    /// Parses and runs a command. Any failure is reported as one line on stderr with a non-zero exit, never a
    /// usage dump or a stack trace; `--help` and `--version` print as usual.
    static func main() async {
        MallocTuning.keepFreedMemory()
        // A child that exits early (an MCP server, a tool that does not read its stdin) must make our write fail with
        // EPIPE, which is reported, not kill agora without a word.
        signal(SIGPIPE, SIG_IGN)
        // Orphans of tool calls become ours, so that nothing a tool starts outlives it (docs/tools.md).
        ProcessReaper.enable()
        do {
            try ResourceLimit.checkEnvironment()
            try await dispatch()
        } catch let paused as CommandPaused {
            FileHandle.standardError.write(Data("agora: \(TerminalText.escaped(paused.message))\n".utf8))
            Foundation.exit(CommandPaused.exitStatus)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            // Messages quote servers, files and models: nothing in them may drive the terminal.
            FileHandle.standardError.write(Data("agora: \(TerminalText.escaped(message))\n".utf8))
            Foundation.exit(code.rawValue)
        }
    }

    /// Parses `arguments` (nil: the process's own) and runs the command they name, async or not.
    static func dispatch(_ arguments: [String]? = nil) async throws {
        let given = arguments ?? Array(CommandLine.arguments.dropFirst())
        var command = try parseAsRoot(OptionalValueArguments.attach(NegativeNumberArguments.attach(given)))
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    }
}
