import AgoraCore
import AgoraMemory
import AgoraDefinitions
import AgoraEconomy
import AgoraLocal
import AgoraPipelines
import AgoraRuntime
import ArgumentParser
import Foundation

/// `agora run PIPELINE.yaml --input name=value`: runs a pipeline file as a swarm, or prints its plan.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline file (steps of agents, in YAML) and print its output.",
        discussion: """
            Inputs: --input name=value. The value is read from a file when it names an existing file (its name is the \
            input's source), or when it is written @path (then the file must exist); - reads standard input; \
            anything else is the text itself. Agents come from --agents (by default the folder above the file's \
            pipelines/ folder when it holds agent files, else ./Agents) and the file's own agents:. \
            Back ends: an agent's own (`backend:` in its file: local:extractive, also 'local'; local:lead; test, \
            which echoes the start of the message), or the one --model names, which then serves every agent \
            (--model openai:NAME --base-url URL for an OpenAI-compatible server). A market step is an \
            auction: --market-report prints its ledger on standard error; --trace records it as notes.
            """
    )

    @Argument(help: "The pipeline file.")
    var pipeline: String

    @Option(name: .customLong("input"), help: ArgumentHelp("An input, name=value (repeatable).", valueName: "name=value"))
    var inputs: [String] = []

    @Flag(help: "Print the plan as a tree (agents, back ends, limits) without running anything.")
    var dryRun = false

    @Option(help: ArgumentHelp("The folder of agent files.", valueName: "folder"))
    var agents: String?

    @Option(help: ArgumentHelp("The folder of tools, whose names agents may use.", valueName: "folder"))
    var tools: String = "Tools"

    @OptionGroup var backendOptions: BackendOptions

    @Option(help: "Fail if the run would start more agents than this.")
    var maxAgents: Int = 100_000

    @OptionGroup var traceOptions: TraceOptions

    @Flag(help: "Print each market step's report (auctions, workers, ledger) as Markdown on standard error.")
    var marketReport = false

    func run() async throws {
        let folders = try DefinitionFolders.parse(["--agents", agentsFolder, "--tools", tools])
        let vocabulary = folders.vocabulary()
        let library: AgentLibrary
        let definition: PipelineDefinition
        do {
            library = FileManager.default.fileExists(atPath: agentsFolder) ? try AgentLibrary.load(folder: agentsFolder, vocabulary: vocabulary) : AgentLibrary()
            definition = try PipelineFile.load(pipeline, library: library, vocabulary: vocabulary, functions: PipelineRegistry.cli().signatures)
        } catch let failure as DefinitionErrors {
            throw DefinitionFailure(failure)
        }
        // A back end named on the command line serves every agent; the default (local:extractive) is what agents
        // that name none get anyway, so it overrides nothing.
        let override = backendOptions.isExplicit && backendOptions.chosenID != ModelProviders.defaultID ? try backendOptions.makeBackend() : nil
        if dryRun {
            FileHandle.standardOutput.write(Data(definition.plan(library: library.agents, backendOverride: override?.id).utf8))
            return
        }
        // An agent on a back end that only summarises, asked for no `words`, would fail mid-run: say so first.
        let summarizeOnly = ModelProviders.summarizeOnly
        // The library's agents and the file's own, each under the id its back end registers with.
        let agents = library.agents.merging(definition.agents) { _, inline in inline }.mapValues { agent in
            var agent = agent
            agent.backend = agent.backend.map(ModelProviders.canonicalID)
            return agent
        }
        // Checked on the back end each will run on: --model's when given.
        let checked = override.map { override in agents.mapValues { agent in
            var agent = agent
            agent.backend = override.id
            return agent
        } } ?? agents
        var withoutInline = definition
        withoutInline.agents = [:]
        let problems = override.map { summarizeOnly.contains($0.id) } ?? true
            ? withoutInline.summarizeOnlyProblems(library: checked, defaultBackend: override?.id ?? ModelProviders.defaultID, summarizeOnly: summarizeOnly)
            : []
        if !problems.isEmpty { throw DefinitionFailure(DefinitionErrors(problems)) }
        let (values, sources) = try readInputs(for: definition)
        let inProcess = try ModelProviders.inProcessBackends(options: backendOptions)
        if override == nil {
            for (name, agent) in agents.sorted(by: { $0.key < $1.key }) {
                guard let backend = agent.backend, !inProcess.contains(where: { $0.id == backend }) else { continue }
                throw CLIError("agent '\(name)' uses back end '\(backend)': run with --model \(backend) --base-url URL")
            }
        }
        let backends: [any ModelBackend] = [override].compactMap { $0 } + inProcess.filter { $0.id != override?.id }
        // No run id: pipeline runs are not journaled (yet), so the workspace is not opened.
        let session = try await SwarmSession.open(trace: traceOptions, runID: nil, workspace: SQLiteWorkspace.defaultFolder, command: "run")
        let swarm = session.swarm(backends: backends, defaultBackend: override?.id, limits: SwarmLimits(maxTotalAgents: maxAgents))
        var resolved = definition
        resolved.agents = [:]
        // On standard error, as each market closes: standard output stays the pipeline's output alone.
        var reports: (@Sendable (String, MarketReport) -> Void)?
        if marketReport {
            reports = { _, report in FileHandle.standardError.write(Data(TerminalText.escaped(report.markdown, keepingLines: true).utf8)) }
        }
        let runner = PipelineRunner(pipeline: resolved, library: agents, backendOverride: override?.id, registry: .cli(marketReports: reports))
        let output: PipelineValue
        do {
            output = try await runner.run(inputs: values, sources: sources, in: swarm)
        } catch {
            await session.abandon("failed")
            throw CLIError("\(error)")
        }
        try await session.finish()
        var text = output.text
        if !text.hasSuffix("\n") { text += "\n" }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// `--agents`, else the folder above `pipelines/` when it holds agent files, else `Agents`.
    var agentsFolder: String {
        if let agents { return agents }
        let folder = URL(fileURLWithPath: pipeline).deletingLastPathComponent()
        if folder.lastPathComponent == "pipelines" {
            let parent = folder.deletingLastPathComponent().path
            if let files = try? AgentLibrary.agentFiles(in: parent), !files.isEmpty {
                return pipeline.hasPrefix("/") ? parent : Self.relative(parent)
            }
        }
        return "Agents"
    }

    static func relative(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(current) ? String(path.dropFirst(current.count)) : path
    }

    /// Reads every `--input`, by the rule in the discussion, and checks the pipeline gets the inputs it names.
    func readInputs(for definition: PipelineDefinition) throws -> ([String: PipelineValue], [String: String]) {
        var values: [String: PipelineValue] = [:]
        var sources: [String: String] = [:]
        for input in inputs {
            guard let equals = input.firstIndex(of: "="), equals != input.startIndex else {
                throw CLIError("--input '\(input)': expected name=value")
            }
            let name = String(input[..<equals])
            var value = String(input[input.index(after: equals)...])
            guard definition.inputs.contains(name) else {
                let hint = Suggestion.nearest(to: name, in: definition.inputs).map { " (did you mean '\($0)'?)" } ?? ""
                throw CLIError("--input '\(name)': the pipeline has no such input; it takes \(definition.inputs.joined(separator: ", "))\(hint)")
            }
            var isFolder: ObjCBool = false
            if value == "-" {
                values[name] = .text(try Self.text(InputText.readCapped(FileHandle.standardInput, name: "standard input (--input \(name)=-)"), name: "standard input"))
                sources[name] = "stdin"
                continue
            }
            let forced = value.hasPrefix("@")
            if forced { value.removeFirst() }
            if FileManager.default.fileExists(atPath: value, isDirectory: &isFolder), !isFolder.boolValue {
                let data: Data
                if StreamInput.isStream(value) {
                    data = try StreamInput.read(value, name: "'\(value)'")
                } else if let contents = FileManager.default.contents(atPath: value) {
                    data = contents
                } else {
                    throw CLIError("cannot read '\(value)': permission denied or unreadable")
                }
                values[name] = .text(try Self.text(data, name: "'\(value)'"))
                sources[name] = URL(fileURLWithPath: value).lastPathComponent
            } else if forced {
                throw CLIError("--input \(name)=@\(value): no such file")
            } else {
                values[name] = .text(value)
            }
        }
        for name in definition.inputs where values[name] == nil {
            throw CLIError("the pipeline needs --input \(name)=...")
        }
        return (values, sources)
    }

    static func text(_ data: Data, name: String) throws -> String {
        if data.firstIndex(of: 0) != nil { throw CLIError("\(name) looks binary, not text") }
        guard let text = String(validating: data, as: UTF8.self) else { throw CLIError("\(name) is not UTF-8 text") }
        return text
    }
}
