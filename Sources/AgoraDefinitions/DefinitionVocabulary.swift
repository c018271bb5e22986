/// What definition files may name: the back ends and tools that exist. The application supplies it (the CLI
/// knows its back ends and reads `Tools/`); the loaders only check names against it.
public struct DefinitionVocabulary: Sendable, Hashable {
    /// Back end ids; one ending in `*` admits any id with that prefix (`openai:*` admits `openai:llama3`, `*` any).
    public var backends: [String]
    public var tools: [String]

    public init(backends: [String], tools: [String]) {
        self.backends = backends
        self.tools = tools
    }

    /// Any back end, and the built-in tools. Which back ends exist is the application's to say (the CLI's provider
    /// table gives its vocabulary); a library that loads files without one checks tools only.
    public static let standard = DefinitionVocabulary(
        backends: ["*"],
        tools: ["delegate", "remember", "recall", "read_file", "word_count", "now"]
    )

    public func knowsBackend(_ id: String) -> Bool {
        backends.contains { pattern in
            pattern.hasSuffix("*") ? id.hasPrefix(pattern.dropLast()) && id.count > pattern.count - 1 : id == pattern
        }
    }

    /// A known back end id close to `id`, for a "did you mean".
    public func suggestBackend(for id: String) -> String? {
        // `opena:llama3` should suggest `openai:llama3`: compare the part before the colon to prefix patterns.
        for pattern in backends where pattern.hasSuffix("*") {
            let prefix = String(pattern.dropLast())
            if let colon = id.firstIndex(of: ":"), id[id.index(after: colon)...].count > 0 {
                let head = String(id[...colon])
                if Suggestion.editDistance(head, prefix) <= max(1, prefix.count / 3) { return prefix + id[id.index(after: colon)...] }
            }
        }
        return Suggestion.nearest(to: id, in: backends.filter { !$0.hasSuffix("*") })
    }
}
