import AgoraCore
import AgoraHTTP
import AgoraLocal
import ArgumentParser
import Foundation

/// The options that choose and configure a model back end, shared by every command that calls a model.
struct BackendOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The model back end, PROVIDER:MODEL: \(ModelProviders.help). Default: \(ModelProviders.defaultID).", valueName: "provider:model"))
    var model: String?

    @Option(name: .long, help: ArgumentHelp("The provider alone, the older spelling: --backend openai --model NAME is --model openai:NAME.", valueName: "provider"))
    var backend: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("With a server's model (openai:MODEL): the server's base URL, usually ending in /v1. Repeat it to spread requests over several servers.", valueName: "url"))
    var baseURLs: [String] = []

    @Option(name: .customLong("api-key-env"), help: ArgumentHelp("With a server's model: the environment variable holding the API key (unset: no key is sent).", valueName: "name"))
    var apiKeyVariable: String = "OPENAI_API_KEY"

    @Option(name: .customLong("header"), help: ArgumentHelp("With a server's model: an extra request header, 'Name: value'. Repeatable.", valueName: "header"))
    var headers: [String] = []

    @Option(name: .customLong("endpoint-slots"), help: ArgumentHelp("With a server's model: requests each base URL serves at once.", valueName: "n"))
    var endpointSlots: Int = 4

    /// The provider and model these options name (`local:extractive` when none is named). Checked by `validate`.
    var choice: (provider: ModelProvider, model: String) {
        (try? resolveChoice()) ?? ModelProviders.defaultChoice
    }

    /// `provider:model` of the chosen back end.
    var chosenID: String { choice.provider.id(choice.model) }
    /// Whether the command line named a back end at all (else each agent keeps the one its file names).
    var isExplicit: Bool { model != nil || backend != nil }
    /// The back end writes text from instructions (and so may write nonsense), rather than picking sentences.
    var isLanguageModel: Bool { choice.provider.isLanguageModel }

    /// With a language model: the extractive back end its degenerate answers fall back to, which the swarm must
    /// also have (`SummarizeOptions.fallbackBackend`). Nil for the in-process back ends themselves.
    func makeFallback(configuration: ExtractiveConfiguration = .default) -> (any ModelBackend)? {
        isLanguageModel ? ExtractiveBackend(configuration: configuration) : nil
    }

    /// `--extract-first` of the commands that run the summarisation swarm: only a language model is handed extracts.
    func checkExtractFirst(_ extractFirst: Bool) throws {
        if extractFirst, !isLanguageModel { throw CLIError("--extract-first applies to a language model only (openai:MODEL; \(chosenID) extracts already)") }
    }

    /// `--model` and `--backend` read together: `--model PROVIDER:MODEL`; `--backend PROVIDER --model NAME`;
    /// `--backend PROVIDER[:MODEL]` alone where the provider has a default model.
    func resolveChoice() throws -> (provider: ModelProvider, model: String) {
        let forms = ModelProviders.table.filter { !$0.hidden }.flatMap(\.forms).joined(separator: ", ")
        if let backend {
            guard let provider = ModelProviders.provider(named: String(backend.prefix { $0 != ":" })) else {
                throw ValidationError("unknown --backend '\(backend)': expected one of \(ModelProviders.table.filter { !$0.hidden }.map(\.name).joined(separator: ", "))")
            }
            var name = backend.contains(":") ? String(backend.drop { $0 != ":" }.dropFirst()) : nil
            if let model {
                let named = String(model.prefix { $0 != ":" })
                if model.contains(":"), named != provider.name, ModelProviders.provider(named: named) != nil {
                    throw ValidationError("--model '\(model)' contradicts --backend '\(backend)'")
                }
                // `--backend openai --model openai:llama3` as well as `--model llama3`.
                let plain = model.hasPrefix(provider.name + ":") ? String(model.dropFirst(provider.name.count + 1)) : model
                if let name, name != plain { throw ValidationError("--model '\(model)' contradicts --backend '\(backend)'") }
                name = plain
            }
            guard let chosen = name ?? provider.defaultModel else {
                throw ValidationError("--model is required with --backend \(provider.name) (the name the server knows, e.g. --model \(provider.name):llama3)")
            }
            guard provider.offers(chosen) else {
                throw ValidationError("--model '\(chosen)': \(provider.name) has \(provider.forms.joined(separator: ", "))")
            }
            return (provider, chosen)
        }
        guard let model else { return ModelProviders.defaultChoice }
        guard let resolved = ModelProviders.resolve(model) else {
            if let provider = ModelProviders.provider(named: String(model.prefix { $0 != ":" })), model.contains(":") {
                throw ValidationError("--model '\(model)': \(provider.name) has \(provider.forms.joined(separator: ", "))")
            }
            // A bare name: the in-process model of that name, else a server's.
            let local = ModelProviders.table.first { !$0.hidden && $0.models?.contains(model) == true }
            let hint = local.map { " (did you mean \($0.id(model))?)" } ?? " (a server's model is openai:\(model))"
            throw ValidationError("--model '\(model)': expected PROVIDER:MODEL, one of \(forms)\(hint)")
        }
        return resolved
    }

    func validate() throws {
        let (provider, model) = try resolveChoice()
        guard provider.usesServer else {
            let serverOnly = [
                ("--base-url", !baseURLs.isEmpty), ("--header", !headers.isEmpty),
                ("--api-key-env", apiKeyVariable != "OPENAI_API_KEY"), ("--endpoint-slots", endpointSlots != 4),
            ]
            if let (name, _) = serverOnly.first(where: { $0.1 }) {
                throw ValidationError("\(name) applies to a server's model only (openai:MODEL), not \(provider.id(model))")
            }
            return
        }
        let example = "--model \(provider.id(model)) --base-url http://127.0.0.1:8080/v1"
        guard !baseURLs.isEmpty else { throw ValidationError("--base-url is required with \(provider.id(model)) (e.g. \(example))") }
        for url in baseURLs where !(url.hasPrefix("http://") || url.hasPrefix("https://")) || url.count < 10 {
            throw ValidationError("--base-url '\(redactedURL(url))': expected an http:// or https:// URL")
        }
        for header in headers { _ = try Self.parseHeader(header) }
        guard apiKeyVariable.range(of: "^[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) != nil else {
            throw ValidationError("--api-key-env '\(apiKeyVariable)': expected an environment variable name")
        }
        guard endpointSlots >= 1 else { throw ValidationError("--endpoint-slots must be at least 1") }
    }

    /// Builds the back end these options describe.
    func makeBackend() throws -> any ModelBackend {
        let (provider, model) = try resolveChoice()
        return try provider.make(model, self)
    }

    /// The HTTP settings of a server's model.
    func openAIConfiguration(model: String) throws -> OpenAIConfiguration {
        OpenAIConfiguration(
            model: model,
            baseURLs: baseURLs,
            apiKeyVariable: apiKeyVariable,
            headers: try headers.map(Self.parseHeader),
            slotsPerEndpoint: endpointSlots
        )
    }

    static func parseHeader(_ text: String) throws -> HTTPHeader {
        guard let colon = text.firstIndex(of: ":") else {
            throw ValidationError("--header: expected 'Name: value' (got no colon)")
        }
        let name = text[..<colon].trimmingCharacters(in: .whitespaces)
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains(" "), !value.contains("\n"), !value.contains("\r") else {
            throw ValidationError("--header '\(name)': expected 'Name: value'")
        }
        return HTTPHeader(name, value)
    }
}
