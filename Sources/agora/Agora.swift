import ArgumentParser

@main
struct Agora: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agora",
        abstract: "A runtime for swarms of AI agents.",
        subcommands: [SummarizeCommand.self, EvalCommand.self, MemoryCommand.self, BenchCommand.self]
    )
}
