import AgoraCore

/// The extractive summariser as a model back end: no weights, no server. (Being written; see issue 2/10.)
public struct ExtractiveBackend: ModelBackend {
    public let id = "local:extractive"
    public let slots: Int

    public init(slots: Int = 2) {
        self.slots = slots
    }

    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        throw ModelBackendError.unsupported(backend: id, reason: "not built yet")
    }
}
