import Foundation
import PackagePlugin

/// Compiles the summarisation swarm's agent files (`Agents/*.md`) into the target that runs them, so the files are
/// the only copy of the agents' instructions: the swarm runs the same from any folder, and an edit to a file is an
/// edit to the swarm at the next build.
@main struct EmbedAgentFiles: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        // Every agent file of the folder, so that the names live only in the code that picks agents by name.
        let folder = context.package.directoryURL.appending(path: "Agents")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
            .map { folder.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedAgentFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) agent files from Agents/",
                executable: try context.tool(named: "agora-embed-agent-files").url,
                arguments: [output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            ),
        ]
    }
}
