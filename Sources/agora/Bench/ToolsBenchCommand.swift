import AgoraAgents
import AgoraCore
import AgoraMemory
import AgoraTools
import ArgumentParser
import Foundation

/// `agora bench tools`: a fixed set of tool-using questions against a model server, per tool-call mode.
struct ToolsBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools",
        abstract: "Tool use of a model, per tool-call mode: right tool with valid arguments, right answers, model calls, time.",
        discussion: """
            Asks \(ToolUseBench.questions.count) questions (word counts, lookups through recall, delegations to a \
            sub-agent, questions that need no tool) of an agent with word_count, recall and delegate, once per mode. \
            'json' routes a task that names a tool to a call of it on the first turn; 'json-unrouted' is json mode \
            without that. Needs a server's model: --model openai:NAME --base-url URL.
            """
    )

    @OptionGroup var backendOptions: BackendOptions
    @Option(help: ArgumentHelp("Modes to compare, comma-separated: native, json, json-unrouted, auto.", valueName: "modes"))
    var modes = "native,json,json-unrouted"
    @Option(help: "Ask only the first N questions of each kind.") var perKind: Int?
    @Flag(help: "Print each question's first call and answer on stderr.") var verbose = false

    struct Mode {
        var name: String
        var callMode: ToolCallMode
        var routes: Bool
    }

    func parsedModes() throws -> [Mode] {
        try modes.split(separator: ",").map { name in
            switch name.trimmingCharacters(in: .whitespaces) {
            case "native": Mode(name: "native", callMode: .native, routes: false)
            case "json": Mode(name: "json", callMode: .json, routes: true)
            case "json-unrouted": Mode(name: "json-unrouted", callMode: .json, routes: false)
            case "auto": Mode(name: "auto", callMode: .auto, routes: true)
            default: throw ValidationError("--modes: unknown mode '\(name)'; modes: native, json, json-unrouted, auto")
            }
        }
    }

    func validate() throws {
        guard backendOptions.isLanguageModel else {
            throw ValidationError("--model: the tool bench needs a language model (\(backendOptions.chosenID) only summarises); pass --model openai:NAME --base-url URL")
        }
        if let perKind, perKind < 1 { throw ValidationError("--per-kind must be at least 1") }
        _ = try parsedModes()
    }

    func run() async throws {
        let backend = try backendOptions.makeBackend()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agora-bench-tools-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let memory = try SQLiteMemoryStore(path: folder.appendingPathComponent("memory.sqlite").path)
        for note in ToolUseBench.notes { _ = try await memory.remember(note, tags: []) }
        let toolbox = ToolBox(tools: [DelegateTool(), RecallTool(store: memory), WordCountTool(), NowTool()])
        var questions: [ToolUseQuestion] = []
        for kind in ToolUseQuestion.Kind.allCases {
            let ofKind = ToolUseBench.questions.filter { $0.kind == kind }
            questions += perKind.map { Array(ofKind.prefix($0)) } ?? ofKind
        }
        var summary = TextTable("mode", "right tool, valid args", "no tool when none needed", "answered right", "model calls / q", "s / q")
        var byKind = TextTable("mode", "kind", "questions", "right tool", "answered right")
        for mode in try parsedModes() {
            let resolver = ToolCallModeResolver()
            var outcomes: [ToolUseOutcome] = []
            for question in questions {
                let outcome = try await ToolUseBench.run(
                    question, backend: backend, toolbox: toolbox, mode: mode.callMode, routesTasks: mode.routes, resolver: resolver
                )
                if verbose {
                    let call = outcome.firstCall.map { "\($0.name)(\($0.arguments))" } ?? "no call"
                    FileHandle.standardError.write(Data((TerminalText.escaped(
                        "[\(mode.name)] \(outcome.rightTool ? "✓" : "✗")\(outcome.answeredRight ? "✓" : "✗") \(question.text) → \(call) → \(outcome.answer.prefix(80))",
                        keepingLines: true
                    ) + "\n").utf8))
                }
                outcomes.append(outcome)
            }
            let needing = outcomes.filter { $0.question.tool != nil }
            let needless = outcomes.filter { $0.question.tool == nil }
            summary.add(
                mode.name, Self.share(needing.filter(\.rightTool).count, of: needing.count),
                Self.share(needless.filter(\.rightTool).count, of: needless.count),
                Self.share(outcomes.filter(\.answeredRight).count, of: outcomes.count),
                fixed(Double(outcomes.map(\.modelCalls).reduce(0, +)) / Double(max(1, outcomes.count)), 1),
                fixed(outcomes.map(\.seconds).reduce(0, +) / Double(max(1, outcomes.count)), 2)
            )
            for kind in ToolUseQuestion.Kind.allCases {
                let ofKind = outcomes.filter { $0.question.kind == kind }
                guard !ofKind.isEmpty else { continue }
                byKind.add(mode.name, kind.rawValue, "\(ofKind.count)", Self.share(ofKind.filter(\.rightTool).count, of: ofKind.count),
                           Self.share(ofKind.filter(\.answeredRight).count, of: ofKind.count))
            }
        }
        print(summary.rendered)
        print(byKind.rendered, terminator: "")
    }

    static func share(_ count: Int, of total: Int) -> String {
        total == 0 ? "n/a" : "\(count)/\(total) (\(Int((Double(count) / Double(total) * 100).rounded())) %)"
    }
}
