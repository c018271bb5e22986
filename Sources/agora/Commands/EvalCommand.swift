import ArgumentParser

/// `agora eval DATASET_DIR`: ROUGE of the summariser against reference summaries. (Being written: issue 10.)
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Score summaries against a data set's references (not built yet).")

    func run() async throws {
        throw ValidationError("agora eval is not built yet")
    }
}
