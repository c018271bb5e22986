import ArgumentParser

/// `agora bench memory`. (Being written: issue 5.)
struct MemoryBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "memory", abstract: "Long-term memory recall latency (not built yet).")

    func run() async throws {
        throw ValidationError("agora bench memory is not built yet")
    }
}
