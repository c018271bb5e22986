import AgoraCore
/// How the market picks the winner among the bids on an announcement. Pure: the same bids, reputations and
/// random draw give the same winner.
public enum AwardPolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// The lowest price among bids whose claimed quality meets the floor.
    case cheapest
    /// The highest claimed quality per credit among bids that meet the floor.
    case bestValue = "best-value"
    /// The highest expected quality per credit, where the expected quality is the claim capped by the worker's
    /// record and discounted by distrust (`Reputation.expectedQuality`); the floor applies to it too.
    case reputation
    /// A uniformly random bid among those that meet the floor: the control.
    case random

    /// What a bid may cost before value is computed: a free worker's value is then high but finite.
    public static let priceEpsilon = Credits(0.01)

    /// The winning bid, or nil when no bid is admissible (over the buyer's price or deadline, under the floor).
    /// `draw` is a number in 0..<1 used by `.random` only.
    public func choose(from bids: [Bid], for announcement: Announcement, reputations: [String: Reputation], draw: Double) -> Bid? {
        func expected(_ bid: Bid) -> Double {
            let claimed = bid.claimedQuality
            guard self == .reputation else { return claimed }
            return (reputations[bid.worker] ?? Reputation()).expectedQuality(claimed: claimed)
        }
        let admissible = bids.filter {
            $0.price <= announcement.maxPrice && $0.estimatedSeconds <= announcement.deadline
                && expected($0) >= announcement.qualityFloor
        }
        guard !admissible.isEmpty else { return nil }
        // Ties go to the lower price, then the higher claim, then the name, so the choice never depends on order.
        func before(_ a: Bid, _ b: Bid) -> Bool {
            if a.price != b.price { return a.price < b.price }
            if a.claimedQuality != b.claimedQuality { return a.claimedQuality > b.claimedQuality }
            return a.worker < b.worker
        }
        func value(_ bid: Bid) -> Double { expected(bid) / (bid.price + Self.priceEpsilon).value }
        switch self {
        case .cheapest:
            return admissible.min(by: before)
        case .bestValue, .reputation:
            return admissible.min { a, b in
                let (va, vb) = (value(a), value(b))
                return va != vb ? va > vb : before(a, b)
            }
        case .random:
            let sorted = admissible.sorted(by: before)
            return sorted[min(sorted.count - 1, Int(draw * Double(sorted.count)))]
        }
    }
}
