import AgoraCore

/// A back end sold at a declared price: the same model, under its own id, so that a market worker buying its
/// tokens pays for them (a local model server charges nothing by itself).
public struct PricedBackend: ModelBackend {
    public let id: String
    public let base: any ModelBackend
    public let price: ModelPrice
    public var slots: Int { base.slots }

    public init(id: String, base: any ModelBackend, price: ModelPrice) {
        self.id = id
        self.base = base
        self.price = price
    }

    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        try await base.complete(request)
    }
}
