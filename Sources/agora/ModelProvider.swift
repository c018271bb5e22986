import AgoraCore

/// One kind of model back end, named by the `provider` part of `provider:model` (`local:extractive`,
/// `openai:llama3`): what it offers and how to build it. The rows are in `ModelProviders.table`.
struct ModelProvider: Sendable {
    var name: String
    /// The models it has; nil: any name its server knows.
    var models: [String]?
    /// `provider` alone means this model (`local` is `local:extractive`).
    var defaultModel: String?
    /// One line for `--help`.
    var summary: String
    /// Its models write text from instructions, and so may write nonsense, rather than pick sentences; the others
    /// only summarise.
    var isLanguageModel: Bool
    /// It talks to a server: `--base-url` (and the other HTTP options) apply, and are required.
    var usesServer: Bool
    /// Left out of `--help` (the CLI's test double).
    var hidden = false
    /// Builds the back end for one model of this provider, from the command line's options.
    var make: @Sendable (_ model: String, _ options: BackendOptions) throws -> any ModelBackend

    /// `provider:model` as a back-end id.
    func id(_ model: String) -> String { "\(name):\(model)" }

    /// Whether `model` is one of this provider's.
    func offers(_ model: String) -> Bool {
        models.map { $0.contains(model) } ?? !model.isEmpty
    }

    /// How `--help` and errors list it: `local:extractive, local:lead` or `openai:MODEL`.
    var forms: [String] {
        models.map { $0.map(id) } ?? [id("MODEL")]
    }
}
