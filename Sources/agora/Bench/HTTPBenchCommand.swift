import ArgumentParser

/// `agora bench http`. (Being written: issue 4.)
struct HTTPBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "http", abstract: "HTTP back-end throughput (not built yet).")

    func run() async throws {
        throw ValidationError("agora bench http is not built yet")
    }
}
