import ArgumentParser

/// `agora memory list|search|forget|export`. (Being written: issue 5.)
struct MemoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "memory", abstract: "Inspect long-term memory (not built yet).")

    func run() async throws {
        throw ValidationError("agora memory is not built yet")
    }
}
