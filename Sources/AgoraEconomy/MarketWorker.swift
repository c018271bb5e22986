import AgoraCore

/// A worker agent of the market: a back end it buys tokens from, the profile it bids from, and how it claims
/// quality.
public struct MarketWorker: Sendable, Hashable {
    /// How a worker states the quality it will deliver.
    public enum Claims: Sendable, Hashable {
        /// Its own record: the mean quality it delivered so far (its advertised quality before that).
        case honest
        /// Always this figure, whatever it delivers.
        case fixed(Double)
    }

    public var name: String
    /// The back end the worker's agent asks (it must be one of the swarm's).
    public var backendID: String
    public var profile: WorkerProfile
    public var claims: Claims
    /// A flat price for any task, whatever its tokens cost (a pipeline's declared `price`); nil asks the token
    /// cost plus the profile's markup. The worker still pays its back end for the tokens out of what it earns.
    public var askingPrice: Credits?
    /// The agent the worker's jobs run as (instructions, limits); nil runs them as plain children.
    public var definition: AgentDefinition?

    public init(name: String, backendID: String, profile: WorkerProfile, claims: Claims = .honest, askingPrice: Credits? = nil,
                definition: AgentDefinition? = nil) {
        self.name = name
        self.backendID = backendID
        self.profile = profile
        self.claims = claims
        self.askingPrice = askingPrice
        self.definition = definition
    }

    /// The worker's account in the ledger.
    public var account: String { "worker:" + name }

    /// What the worker asks for a task of this size: its flat asking price, else the token cost plus the markup.
    public func price(words: Int, targetWords: Int) -> Credits {
        if let askingPrice { return askingPrice }
        let cost = profile.cost(words: words, targetWords: targetWords)
        return Credits(micro: cost.micro + Int64((Double(cost.micro) * profile.markup).rounded()))
    }

    /// The worker's bid on `announcement`, or nil when it declines: it cannot deliver by the deadline with
    /// `queued` tasks already taken, the price it needs is over the buyer's maximum, or it cannot afford the
    /// tokens out of `funds` (shared with the tasks it already took).
    public func bid(on announcement: Announcement, reputation: Reputation, queued: Int, funds: Credits) -> Bid? {
        let cost = profile.cost(words: announcement.words, targetWords: announcement.targetWords)
        guard cost.micro * Int64(queued + 1) <= funds.micro else { return nil }
        let price = price(words: announcement.words, targetWords: announcement.targetWords)
        guard price <= announcement.maxPrice else { return nil }
        let seconds = profile.completionSeconds(words: announcement.words, targetWords: announcement.targetWords, queued: queued)
        guard seconds <= announcement.deadline else { return nil }
        let quality: Double
        switch claims {
        case .honest: quality = reputation.observedQuality ?? profile.advertisedQuality
        case .fixed(let claim): quality = claim
        }
        return Bid(worker: name, price: price, estimatedSeconds: seconds, claimedQuality: quality)
    }
}
