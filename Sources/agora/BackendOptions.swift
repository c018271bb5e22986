import AgoraCore
import AgoraLocal
import ArgumentParser

/// The options that choose and configure a model back end, shared by every command that calls a model.
struct BackendOptions: ParsableArguments {
    @Option(name: .long, help: "The model back end: local (the extractive summariser, no server, no weights).")
    var backend: String = "local"

    func validate() throws {
        guard ["local", "local:extractive"].contains(backend) else {
            throw ValidationError("unknown --backend '\(backend)': expected local")
        }
    }

    /// Builds the back end these options describe.
    func makeBackend() throws -> any ModelBackend {
        ExtractiveBackend()
    }
}
