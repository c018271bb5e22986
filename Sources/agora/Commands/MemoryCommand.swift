import AgoraCore
import AgoraMemory
import AgoraRuntime
import ArgumentParser
import Foundation

/// `agora memory list|search|remember|forget|export`: inspect and edit the long-term memory of a workspace.
struct MemoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Inspect and edit long-term memory (an SQLite file, .agora/memory.sqlite by default).",
        subcommands: [List.self, Search.self, Remember.self, Forget.self, Export.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The newest entries first.")
        @OptionGroup var memory: MemoryFileOptions
        @Option(help: "Only this namespace.") var namespace: String?
        @Option(help: "At most this many entries.") var limit = 20
        @Flag(help: "One JSON object per line.") var json = false

        func run() async throws {
            let store = try memory.open()
            MemoryPrinter.print(try await store.list(namespace: namespace, limit: limit), json: json)
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Full-text search, best match first (same as agora recall).")
        @OptionGroup var memory: MemoryFileOptions
        @OptionGroup var query: RecallQueryOptions

        func run() async throws {
            try await query.run(memory.open())
        }
    }

    struct Remember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store a text; prints the new entry's id.")
        @OptionGroup var memory: MemoryFileOptions
        @Argument(help: "The text to remember.") var text: String
        @Option(help: "Namespace.") var namespace = MemoryEntry.defaultNamespace
        @Option(name: .customLong("tag"), help: "A tag (repeatable).") var tags: [String] = []
        @Option(help: "Run id to record as provenance.") var runID: String?
        @Option(help: "Store N numbered copies, one transaction each (for load and concurrency tests).")
        var `repeat` = 1

        func run() async throws {
            let store = try memory.open()
            let provenance = MemoryProvenance(runID: runID)
            for index in 0..<max(1, `repeat`) {
                let body = `repeat` > 1 ? "\(text) #\(index)" : text
                print(try await store.remember(body, tags: tags, namespace: namespace, provenance: provenance))
            }
        }
    }

    struct Forget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove entries by id or by filter; prints how many.")
        @OptionGroup var memory: MemoryFileOptions
        @Argument(help: "Entry ids.") var ids: [Int64] = []
        @Option(help: "Entries in this namespace.") var namespace: String?
        @Option(name: .customLong("tag"), help: "Entries carrying this tag (repeatable: all of them).") var tags: [String] = []
        @Option(help: "Entries remembered by this run.") var runID: String?
        @Flag(help: "Every entry (required when no other filter is given).") var all = false

        func validate() throws {
            let filtered = !ids.isEmpty || namespace != nil || !tags.isEmpty || runID != nil
            if !filtered, !all { throw CLIError("agora memory forget: give ids, --namespace, --tag or --run-id (or --all for everything)") }
            if filtered, all { throw CLIError("agora memory forget: --all cannot be combined with a filter") }
        }

        func run() async throws {
            let store = try memory.open()
            let filter = MemoryFilter(ids: ids.isEmpty ? nil : ids, namespace: namespace, tags: tags, runID: runID)
            print("forgot \(try await store.forget(filter)) entries")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every entry as JSON lines, oldest first.")
        @OptionGroup var memory: MemoryFileOptions
        @Option(help: "Only this namespace.") var namespace: String?
        @Option(help: "Write to this file instead of standard output.") var output: String?

        func run() async throws {
            let store = try memory.open()
            let encoder = MemoryPrinter.encoder
            // To a file all or nothing: an export cut short by a full disk leaves the previous one whole.
            let staged = try output.map { path in
                do { return try StagedFile(path: path) } catch let error as OutputTargetError { throw CLIError(OutputFile.message(error, option: "--output")) }
            }
            func emit(_ data: Data) throws {
                guard let staged else { return FileHandle.standardOutput.write(data) }
                do { try staged.write(data) } catch let error as OutputTargetError { throw CLIError(OutputFile.message(error, option: "--output")) }
            }
            var buffer = Data()
            try await store.forEachEntry(namespace: namespace) { entry in
                buffer.append(try encoder.encode(entry))
                buffer.append(UInt8(ascii: "\n"))
                if buffer.count > 1 << 16 {
                    try emit(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try emit(buffer)
            try staged?.commit(option: "--output")
        }
    }
}

/// `--memory PATH`: the workspace's memory file.
struct MemoryFileOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The workspace folder: its memory.sqlite holds long-term memory and the run journal.", valueName: "folder"))
    var workspace: String = SQLiteWorkspace.defaultFolder

    @Option(name: .customLong("memory"), help: ArgumentHelp("The memory file, if not the workspace's.", valueName: "file"))
    var memoryFile: String?

    /// `--memory`, else the workspace's file: the same file `summarize --remember` and `ask` use.
    var path: String { memoryFile ?? SQLiteWorkspace.file(in: workspace) }

    func open() throws -> SQLiteMemoryStore {
        do {
            return try SQLiteMemoryStore(path: path)
        } catch let error as SQLiteWorkspaceError {
            throw CLIError(error.description)
        }
    }
}

/// A recall query and how to print its results, shared by `agora recall` and `agora memory search`.
struct RecallQueryOptions: ParsableArguments {
    @Argument(help: "What to look for, in plain words.") var query: String
    @Option(name: .customShort("k"), help: "How many entries.") var k = 5
    @Option(help: "Only this namespace.") var namespace: String?
    @Option(name: .customLong("tag"), help: "Only entries carrying this tag (repeatable: all of them).") var tags: [String] = []
    @Flag(help: "One JSON object per line.") var json = false

    func validate() throws {
        if k < 1 { throw CLIError("-k must be at least 1 (got \(k))") }
    }

    func run(_ store: SQLiteMemoryStore) async throws {
        do {
            MemoryPrinter.print(try await store.recall(query, k: k, namespace: namespace, tags: tags), json: json)
        } catch let error as SQLiteWorkspaceError {
            throw CLIError(error.description)
        }
    }
}

enum MemoryPrinter {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static func print(_ entries: [MemoryEntry], json: Bool) {
        if json {
            let encoder = encoder
            for entry in entries {
                Swift.print(String(decoding: (try? encoder.encode(entry)) ?? Data(), as: UTF8.self))
            }
            return
        }
        let formatter = ISO8601DateFormatter()
        for entry in entries {
            var details = [entry.namespace, formatter.string(from: entry.created)]
            if !entry.tags.isEmpty { details.append("tags: " + entry.tags.joined(separator: ", ")) }
            if let runID = entry.runID { details.append("run \(runID)") }
            if let path = entry.agentPath { details.append(path.rawValue) }
            if let score = entry.score { details.append(String(format: "score %.3f", score)) }
            Swift.print("#\(entry.id)  \(entry.text)\n      (\(details.joined(separator: "; ")))")
        }
    }
}
