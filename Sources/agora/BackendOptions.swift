import AgoraCore
import AgoraHTTP
import AgoraLocal
import ArgumentParser
import Foundation

/// The options that choose and configure a model back end, shared by every command that calls a model.
struct BackendOptions: ParsableArguments {
    @Option(name: .long, help: "The model back end: local (the extractive summariser, no server, no weights) or openai (an OpenAI-compatible server: llama.cpp, Ollama, vLLM, LM Studio, OpenAI).")
    var backend: String = "local"

    @Option(name: .customLong("base-url"), help: ArgumentHelp("With --backend openai: the server's base URL, usually ending in /v1. Repeat it to spread requests over several servers.", valueName: "url"))
    var baseURLs: [String] = []

    @Option(name: .long, help: "With --backend openai: the model name the server knows.")
    var model: String?

    @Option(name: .customLong("api-key-env"), help: ArgumentHelp("With --backend openai: the environment variable holding the API key (unset: no key is sent).", valueName: "name"))
    var apiKeyVariable: String = "OPENAI_API_KEY"

    @Option(name: .customLong("header"), help: ArgumentHelp("With --backend openai: an extra request header, 'Name: value'. Repeatable.", valueName: "header"))
    var headers: [String] = []

    @Option(name: .customLong("endpoint-slots"), help: ArgumentHelp("With --backend openai: requests each base URL serves at once.", valueName: "n"))
    var endpointSlots: Int = 4

    private var isOpenAI: Bool { backend == "openai" }
    /// The back end writes text from instructions (and so may write nonsense), rather than picking sentences.
    var isLanguageModel: Bool { isOpenAI }

    /// With a language model: the extractive back end its degenerate answers fall back to, which the swarm must
    /// also have (`SummarizeOptions.fallbackBackend`). Nil for the extractive back end itself.
    func makeFallback(configuration: ExtractiveConfiguration = .default) -> (any ModelBackend)? {
        isLanguageModel ? ExtractiveBackend(configuration: configuration) : nil
    }

    /// `--extract-first` of the commands that run the summarisation swarm: only a language model is handed extracts.
    func checkExtractFirst(_ extractFirst: Bool) throws {
        if extractFirst, !isLanguageModel { throw CLIError("--extract-first applies to --backend openai only (the local back end extracts already)") }
    }

    func validate() throws {
        switch backend {
        case "local", "local:extractive":
            let httpOnly = [
                ("--base-url", !baseURLs.isEmpty), ("--model", model != nil), ("--header", !headers.isEmpty),
                ("--api-key-env", apiKeyVariable != "OPENAI_API_KEY"), ("--endpoint-slots", endpointSlots != 4),
            ]
            if let (name, _) = httpOnly.first(where: { $0.1 }) {
                throw ValidationError("\(name) applies to --backend openai only")
            }
        case "openai":
            guard !baseURLs.isEmpty else { throw ValidationError("--base-url is required with --backend openai (e.g. http://127.0.0.1:8080/v1)") }
            for url in baseURLs where !(url.hasPrefix("http://") || url.hasPrefix("https://")) || url.count < 10 {
                throw ValidationError("--base-url '\(redactedURL(url))': expected an http:// or https:// URL")
            }
            guard let model, !model.isEmpty else { throw ValidationError("--model is required with --backend openai") }
            _ = model
            for header in headers { _ = try Self.parseHeader(header) }
            guard apiKeyVariable.range(of: "^[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) != nil else {
                throw ValidationError("--api-key-env '\(apiKeyVariable)': expected an environment variable name")
            }
            guard endpointSlots >= 1 else { throw ValidationError("--endpoint-slots must be at least 1") }
        default:
            throw ValidationError("unknown --backend '\(backend)': expected local or openai")
        }
    }

    /// Builds the back end these options describe.
    func makeBackend() throws -> any ModelBackend {
        guard isOpenAI, let model else { return ExtractiveBackend() }
        let configuration = OpenAIConfiguration(
            model: model,
            baseURLs: baseURLs,
            apiKeyVariable: apiKeyVariable,
            headers: try headers.map(Self.parseHeader),
            slotsPerEndpoint: endpointSlots
        )
        return OpenAIBackend(configuration)
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
