import AgoraCore
import AgoraDefinitions
import AgoraPipelines
import AgoraTools
import ArgumentParser
import Foundation

/// `agora agents list|check`: the agent definitions of a folder, and a check of agent and pipeline files.
struct AgentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents",
        abstract: "List agent definitions, and check agent and pipeline files for mistakes.",
        subcommands: [List.self, Check.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The agents of a folder: name, back end, tools and description.")
        @OptionGroup var folders: DefinitionFolders

        func run() throws {
            let library = try folders.library()
            for name in library.agents.keys.sorted() {
                let agent = library.agents[name]!
                var line = name.padding(toLength: max(name.count, 20), withPad: " ", startingAt: 0)
                line += "  " + (agent.backend ?? "default").padding(toLength: 18, withPad: " ", startingAt: 0)
                if !agent.tools.isEmpty { line += "  tools: " + agent.tools.joined(separator: ", ") }
                line += "  " + agent.description
                print(TerminalText.escaped(line))
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check agent files (*.md) and pipeline files (*.yaml); one line per mistake, non-zero exit if any.",
            discussion: "A folder is checked whole: its *.md files and the *.yaml files of its pipelines/ folder. With no path, the agents folder."
        )
        @OptionGroup var folders: DefinitionFolders
        @Argument(help: "Files or folders to check.") var paths: [String] = []

        func run() throws {
            let vocabulary = folders.vocabulary()
            var errors: [DefinitionError] = []
            var files = 0
            // Pipelines name agents: the agents folder is their library, whether or not it is checked itself.
            let library = (try? AgentLibrary.load(folder: folders.agents, vocabulary: vocabulary)) ?? AgentLibrary()
            for path in paths.isEmpty ? [folders.agents] : paths {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                    errors.append(DefinitionError(file: path, line: 1, message: "no such file or folder"))
                    continue
                }
                var agentFiles: [String] = []
                var pipelineFiles: [String] = []
                if isFolder.boolValue {
                    agentFiles = (try? AgentLibrary.agentFiles(in: path)) ?? []
                    let pipelines = (path.hasSuffix("/") ? path : path + "/") + "pipelines"
                    pipelineFiles = Self.yamlFiles(in: path) + Self.yamlFiles(in: pipelines)
                } else if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
                    pipelineFiles = [path]
                } else {
                    agentFiles = [path]
                }
                for file in agentFiles {
                    files += 1
                    do { _ = try AgentLibrary.loadFile(file, vocabulary: vocabulary) } catch let failure as DefinitionErrors { errors += failure.errors }
                }
                for file in pipelineFiles {
                    files += 1
                    do {
                        // What would fail only once the run reached it, with `agora run`'s default back end.
                        errors += try PipelineFile.load(file, library: library, vocabulary: vocabulary, functions: PipelineRegistry.cli().signatures).summarizeOnlyProblems(
                            library: library.agents, defaultBackend: ModelProviders.defaultID, summarizeOnly: ModelProviders.summarizeOnly)
                    } catch let failure as DefinitionErrors {
                        errors += failure.errors
                    }
                }
            }
            if errors.isEmpty {
                print("\(files) file\(files == 1 ? "" : "s") checked, no mistakes")
                return
            }
            throw DefinitionFailure(DefinitionErrors(errors))
        }

        static func yamlFiles(in folder: String) -> [String] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                .map { (folder.hasSuffix("/") ? folder : folder + "/") + $0 }
        }
    }
}

/// Where agent definitions and tool descriptions live.
struct DefinitionFolders: ParsableArguments {
    @Option(help: ArgumentHelp("The folder of agent files.", valueName: "folder"))
    var agents: String = "Agents"

    @Option(help: ArgumentHelp("The folder of tools (one sub-folder with a tool.json each); their names are the tools agents may name.", valueName: "folder"))
    var tools: String = "Tools"

    /// The standard back ends and built-in tools, plus the tools of the tools folder.
    func vocabulary() -> DefinitionVocabulary {
        var vocabulary = ModelProviders.vocabulary(tools: DefinitionVocabulary.standard.tools)
        // Read with the loaders the tools themselves use; a manifest they cannot read still names its folder, so
        // that `agents check` reports the agent files' mistakes and `tools list` the manifest's.
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: tools)) ?? []
        for folder in folders.sorted() where FileManager.default.fileExists(atPath: tools + "/" + folder + "/tool.json") {
            let name = (try? ProcessToolManifest.load(folder: tools + "/" + folder))?.name ?? folder
            if !vocabulary.tools.contains(name) { vocabulary.tools.append(name) }
        }
        // MCP servers' tools are only known once a server runs: an agent grants them all as `server.*`.
        let servers = (try? MCPConfiguration.load(tools + "/mcp.json"))?.servers ?? []
        for server in servers { vocabulary.tools.append(server.name + ".*") }
        return vocabulary
    }

    func library() throws -> AgentLibrary {
        do {
            return try AgentLibrary.load(folder: agents, vocabulary: vocabulary())
        } catch let failure as DefinitionErrors {
            throw DefinitionFailure(failure)
        }
    }
}

/// Definition mistakes, printed one per line by `main` (the first line) — so the command prints the rest first.
struct DefinitionFailure: Error, CustomStringConvertible {
    let errors: DefinitionErrors

    init(_ errors: DefinitionErrors) {
        // Every line but the last goes out now; `main` prints the last as its one-line error.
        for error in errors.errors.dropLast() { FileHandle.standardError.write(Data("agora: \(TerminalText.escaped(error.description))\n".utf8)) }
        self.errors = errors
    }

    var description: String { errors.errors.last.map(\.description) ?? "definition errors" }
}
