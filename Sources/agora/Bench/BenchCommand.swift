import ArgumentParser

/// `agora bench ...`: benchmarks that print tables (use a release build for figures you quote).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print tables; build with -c release for real figures.",
        subcommands: [TreeBenchCommand.self, HandoffBenchCommand.self, ActorBenchCommand.self, HTTPBenchCommand.self, MemoryBenchCommand.self, EconomyBenchCommand.self, ToolsBenchCommand.self]
    )
}
