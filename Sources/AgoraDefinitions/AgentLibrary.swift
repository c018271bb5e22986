import AgoraCore
import Foundation

/// The agents of a folder (`Agents/*.md`), by name.
public struct AgentLibrary: Sendable {
    public var agents: [String: AgentDefinition]
    /// Where each agent was defined, for messages: `Agents/reducer.md`.
    public var files: [String: String]

    public init(agents: [String: AgentDefinition] = [:], files: [String: String] = [:]) {
        self.agents = agents
        self.files = files
    }

    /// Loads every `*.md` in `folder` except README.md. Throws `DefinitionErrors` with every mistake of every file,
    /// including two files defining the same name.
    public static func load(folder: String, vocabulary: DefinitionVocabulary = .standard) throws -> AgentLibrary {
        let files = try agentFiles(in: folder)
        var library = AgentLibrary()
        var errors: [DefinitionError] = []
        for file in files {
            do {
                let definition = try loadFile(file, vocabulary: vocabulary)
                if let first = library.files[definition.name] {
                    errors.append(DefinitionError(file: file, line: 2, field: "name", message: "agent '\(definition.name)' is already defined in \(first)"))
                    continue
                }
                library.agents[definition.name] = definition
                library.files[definition.name] = file
            } catch let failure as DefinitionErrors {
                errors += failure.errors
            }
        }
        if !errors.isEmpty { throw DefinitionErrors(errors) }
        return library
    }

    /// Reads and parses one agent file; an unreadable file is a `DefinitionErrors` too.
    public static func loadFile(_ path: String, vocabulary: DefinitionVocabulary = .standard) throws -> AgentDefinition {
        try AgentFile.parse(try readText(path), file: path, vocabulary: vocabulary)
    }

    /// The agent files of a folder, sorted; README.md is documentation, not an agent.
    public static func agentFiles(in folder: String) throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw DefinitionErrors([DefinitionError(file: folder, line: 1, message: "cannot read the folder")])
        }
        return names.filter { $0.hasSuffix(".md") && $0.lowercased() != "readme.md" }.sorted()
            .map { folder.hasSuffix("/") ? folder + $0 : folder + "/" + $0 }
    }

    static func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DefinitionErrors([DefinitionError(file: path, line: 1, message: "cannot read the file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DefinitionErrors([DefinitionError(file: path, line: 1, message: "not UTF-8 text")])
        }
        return text
    }
}
