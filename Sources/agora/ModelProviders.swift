import AgoraCore
import AgoraDefinitions
import AgoraHTTP
import AgoraLocal

/// The one table from provider name to back end. `--model PROVIDER:MODEL`, the back-end names agent and
/// pipeline files may use, `agents check` and `--help` all read it: adding a provider is its back end's file plus
/// one row here.
enum ModelProviders {
    static let table: [ModelProvider] = [
        ModelProvider(
            name: "local", models: ["extractive", "lead"], defaultModel: "extractive",
            summary: "in-process, no server, no weights: extractive (picks the sentences that cover the text) or lead (the first sentences, the baseline)",
            isLanguageModel: false, usesServer: false
        ) { model, _ in
            model == "lead" ? LeadBackend() as any ModelBackend : ExtractiveBackend()
        },
        ModelProvider(
            name: "openai", models: nil, defaultModel: nil,
            summary: "an OpenAI-compatible server (llama.cpp, Ollama, vLLM, LM Studio, OpenAI) at --base-url",
            isLanguageModel: true, usesServer: true
        ) { model, options in
            OpenAIBackend(try options.openAIConfiguration(model: model))
        },
        ModelProvider(
            name: "test", models: ["echo"], defaultModel: "echo",
            summary: "a test double that answers with the start of the request", isLanguageModel: true, usesServer: false, hidden: true
        ) { model, _ in
            EchoBackend(id: "test:\(model)")
        },
    ]

    /// What serves an agent when neither the command line nor its file names a back end.
    static let defaultChoice = (provider: table[0], model: "extractive")
    static var defaultID: String { defaultChoice.provider.id(defaultChoice.model) }

    static func provider(named name: String) -> ModelProvider? {
        table.first { $0.name == name }
    }

    /// `provider:model` split at the first colon (Ollama's `llama3:8b` stays whole as the model); a provider alone
    /// means its default model. Nil when the provider is unknown or does not offer the model.
    static func resolve(_ id: String) -> (provider: ModelProvider, model: String)? {
        let parts = id.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let provider = provider(named: parts[0]) else { return nil }
        guard let model = parts.count == 2 ? parts[1] : provider.defaultModel, provider.offers(model) else { return nil }
        return (provider, model)
    }

    /// The id a back end registers under for what a file names: `local` is `local:extractive`, `test` is
    /// `test:echo`; anything else as it is.
    static func canonicalID(_ id: String) -> String {
        guard let (provider, model) = resolve(id) else { return id }
        return provider.id(model)
    }

    /// Every back end that needs no server, under its id: what agents that name one get without `--model`.
    static func inProcessBackends(options: BackendOptions) throws -> [any ModelBackend] {
        try table.filter { !$0.usesServer }.flatMap { provider in
            try (provider.models ?? []).map { try provider.make($0, options) }
        }
    }

    /// The ids of the back ends that only summarise (asked to chat, they fail).
    static var summarizeOnly: Set<String> {
        Set(table.filter { !$0.isLanguageModel }.flatMap { provider in
            (provider.models ?? []).map(provider.id) + (provider.defaultModel == nil ? [] : [provider.name])
        })
    }

    /// What definition files may name as `backend:`: every provider's models (`openai:*` for any), and a provider
    /// alone where it has a default model.
    static var backendPatterns: [String] {
        table.flatMap { provider in
            (provider.models.map { $0.map(provider.id) } ?? [provider.name + ":*"]) + (provider.defaultModel == nil ? [] : [provider.name])
        }
    }

    /// `--help`'s list of providers.
    static var help: String {
        table.filter { !$0.hidden }.map { "\($0.forms.joined(separator: ", ")) (\($0.summary))" }.joined(separator: "; ")
    }

    /// The vocabulary of definition files: these back ends and the given tools.
    static func vocabulary(tools: [String]) -> DefinitionVocabulary {
        DefinitionVocabulary(backends: backendPatterns, tools: tools)
    }
}
