import Foundation
import PackagePlugin

/// Compiles the summarisation swarm's agent files (`Agents/*.md`) into the target that runs them, so the files are
/// the only copy of the agents' instructions: the swarm runs the same from any folder, and an edit to a file is an
/// edit to the swarm at the next build.
@main struct EmbedAgentFiles: BuildToolPlugin {
    /// The agents the swarm runs; a new one is a file in Agents/ and a name here.
    static let agents = ["segment-summarizer", "reducer", "digest-writer"]

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "Agents")
        let files = Self.agents.map { folder.appending(path: "\($0).md") }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedAgentFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(Self.agents.count) agent files from Agents/",
                executable: try context.tool(named: "agora-embed-agent-files").url,
                arguments: [output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            ),
        ]
    }
}
