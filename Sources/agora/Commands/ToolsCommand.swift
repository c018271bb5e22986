import AgoraAgents
import AgoraCore
import AgoraMemory
import AgoraRuntime
import AgoraTools
import ArgumentParser
import Foundation
import Synchronization

/// `agora tools list|call`: the tools agents can use (built-ins, Tools/, MCP servers), and running one by hand.
struct ToolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools",
        abstract: "List the tools agents can use, with their input schemas, or call one.",
        subcommands: [List.self, Call.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every tool: name, description and JSON-Schema input.")
        @OptionGroup var tools: ToolOptions
        @Flag(help: "Print the specs as one JSON array.") var json = false

        func run() async throws {
            let setup = try await tools.start()
            let specs = setup.toolbox.specs
            if json {
                let array = JSONValue.array(specs.map { ["name": .string($0.name), "description": .string($0.description), "input_schema": $0.inputSchema] })
                print(array.prettyJSON)
            } else {
                for spec in specs {
                    print("\(spec.name)  \(spec.description)")
                    print("  input: \(spec.inputSchema.compactJSON)")
                }
            }
            await setup.shutdown()
        }
    }

    struct Call: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run one tool as an agent would: arguments checked against its schema, blocking tools on the tool pool.")
        @Argument(help: "The tool's name.") var name: String
        @Option(help: ArgumentHelp("The arguments, a JSON object.", valueName: "json")) var json: String = "{}"
        @OptionGroup var tools: ToolOptions

        func run() async throws {
            let setup = try await tools.start()
            let toolbox = setup.toolbox
            let call = ToolCall(id: "cli", name: name, arguments: json)
            let result = try await Swarm().run("cli") { context in
                try await toolbox.invoke(call, invocation: ToolInvocation(context: context, toolbox: toolbox))
            }
            await setup.shutdown()
            if result.isError { throw CLIError(String(result.text.dropFirst("error: ".count))) }
            // A JSON object or array is printed pretty; anything else as it came.
            let parsed = try? JSONValue.parse(result.text)
            switch parsed {
            case .object?, .array?: print(parsed!.prettyJSON)
            default: print(result.text)
            }
        }
    }
}

/// Where tools come from: the built-ins, the process tools of a folder, MCP servers, the workspace and memory file.
struct ToolOptions: ParsableArguments {
    @Option(name: .customLong("tools"), help: ArgumentHelp("The folder of process tools (one sub-folder with a tool.json each).", valueName: "folder"))
    var toolsFolder: String = "Tools"

    @Option(help: ArgumentHelp("An MCP configuration file (default: Tools/mcp.json if it exists).", valueName: "file"))
    var mcp: String?

    @Option(help: ArgumentHelp("The folder read_file may read (default: the current folder).", valueName: "folder"))
    var files: String = "."

    @Option(help: ArgumentHelp("The workspace folder: its memory.sqlite holds long-term memory and the run journal.", valueName: "folder"))
    var workspace: String = SQLiteWorkspace.defaultFolder

    @Option(name: .customLong("memory"), help: ArgumentHelp("The memory file of remember and recall, if not the workspace's (opened on first use).", valueName: "file"))
    var memoryFile: String?

    var memoryPath: String { memoryFile ?? RunJournalOpener.file(in: workspace) }

    struct Setup: Sendable {
        var toolbox: ToolBox
        var servers: MCPServers?

        func shutdown() async { await servers?.shutdown() }
    }

    /// Loads the process tools, starts the MCP servers and builds the catalog.
    func start() async throws -> Setup {
        let builtIns: [any Tool] = [
            DelegateTool(), RememberTool(store: LazyMemoryStore(path: memoryPath)), RecallTool(store: LazyMemoryStore(path: memoryPath)),
            ReadFileTool(workspace: files), WordCountTool(), NowTool(),
        ]
        var tools = builtIns
        do {
            if FileManager.default.fileExists(atPath: toolsFolder) { tools += try ProcessTool.loadAll(folder: toolsFolder) }
        } catch {
            throw CLIError("\(error)")
        }
        var servers: MCPServers?
        let configFile = mcp ?? (FileManager.default.fileExists(atPath: toolsFolder + "/mcp.json") ? toolsFolder + "/mcp.json" : nil)
        if let configFile {
            let configuration: MCPConfiguration
            do {
                configuration = try MCPConfiguration.load(configFile)
            } catch {
                throw CLIError("\(error)")
            }
            servers = await MCPServers.start(configuration) { error in
                FileHandle.standardError.write(Data("agora: \(error); going on without it\n".utf8))
            }
            tools += servers!.tools
        }
        return Setup(toolbox: ToolBox(tools: tools), servers: servers)
    }
}

/// A memory store that opens its SQLite file on first use, so that listing tools creates no file.
final class LazyMemoryStore: MemoryStore {
    let path: String
    private let store = Mutex<SQLiteMemoryStore?>(nil)

    init(path: String) { self.path = path }

    private func opened() throws -> SQLiteMemoryStore {
        try store.withLock { store in
            if let store { return store }
            do {
                let opened = try SQLiteMemoryStore(path: path)
                store = opened
                return opened
            } catch let error as SQLiteWorkspaceError {
                throw CLIError(error.description)
            }
        }
    }

    func remember(_ text: String, tags: [String], namespace: String, provenance: MemoryProvenance) async throws -> MemoryEntry.ID {
        try await opened().remember(text, tags: tags, namespace: namespace, provenance: provenance)
    }

    func recall(_ query: String, k: Int, namespace: String?, tags: [String]) async throws -> [MemoryEntry] {
        try await opened().recall(query, k: k, namespace: namespace, tags: tags)
    }

    func forget(_ filter: MemoryFilter) async throws -> Int {
        try await opened().forget(filter)
    }

    func list(namespace: String?, limit: Int) async throws -> [MemoryEntry] {
        try await opened().list(namespace: namespace, limit: limit)
    }
}
