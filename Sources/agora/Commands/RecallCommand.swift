import ArgumentParser

/// `agora recall "query"`: find what earlier runs remembered, best match first.
struct RecallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recall",
        abstract: "Search long-term memory (BM25 full-text ranking), best match first."
    )

    @OptionGroup var memory: MemoryFileOptions
    @OptionGroup var query: RecallQueryOptions

    func run() async throws {
        try await query.run(memory.open())
    }
}
