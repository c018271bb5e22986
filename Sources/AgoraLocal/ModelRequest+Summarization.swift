import AgoraCore

/// The key a `SummarizationHint` travels under in a request's hints.
public enum SummarizationHintKey: RequestHintKey {
    public typealias Value = SummarizationHint
}

extension ModelRequest {
    /// Set when the request is a summarisation task. Back ends that cannot follow free-form instructions
    /// (the extractive summariser) act on this; language models read the messages and may ignore it.
    public var summarization: SummarizationHint? {
        get { hints[SummarizationHintKey.self] }
        set { hints[SummarizationHintKey.self] = newValue }
    }
}

extension RequestHints {
    /// Hints holding `hint` alone (none when it is nil): `ModelRequest(messages: ..., hints: .summarization(hint))`.
    public static func summarization(_ hint: SummarizationHint?) -> RequestHints {
        var hints = RequestHints()
        hints[SummarizationHintKey.self] = hint
        return hints
    }
}
