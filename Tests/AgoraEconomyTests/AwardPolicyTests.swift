import AgoraCore
import Testing
@testable import AgoraEconomy

@Suite struct AwardPolicyTests {
    let announcement = Announcement(taskID: "t", kind: "summarize-segment", words: 500, targetWords: 150,
                                    deadline: 1.0, maxPrice: Credits(2), qualityFloor: 0.6)
    let bids = [
        Bid(worker: "cheap-sloppy", price: Credits(0.1), estimatedSeconds: 0.2, claimedQuality: 0.5),  // under the floor
        Bid(worker: "cheap-good", price: Credits(0.3), estimatedSeconds: 0.2, claimedQuality: 0.7),
        Bid(worker: "value", price: Credits(0.4), estimatedSeconds: 0.2, claimedQuality: 0.95),
        Bid(worker: "premium", price: Credits(1.5), estimatedSeconds: 0.1, claimedQuality: 0.99),
        Bid(worker: "too-slow", price: Credits(0.05), estimatedSeconds: 3, claimedQuality: 0.9),
        Bid(worker: "too-dear", price: Credits(3), estimatedSeconds: 0.1, claimedQuality: 1),
    ]

    @Test func cheapestTakesTheLowestPriceThatMeetsTheFloor() {
        #expect(AwardPolicy.cheapest.choose(from: bids, for: announcement, reputations: [:], draw: 0)?.worker == "cheap-good")
    }

    @Test func bestValueTakesTheMostQualityPerCredit() {
        // 0.7 / 0.31 = 2.26 < 0.95 / 0.41 = 2.32
        #expect(AwardPolicy.bestValue.choose(from: bids, for: announcement, reputations: [:], draw: 0)?.worker == "value")
    }

    @Test func reputationDiscountsAWorkerCaughtOverClaiming() {
        var caught = Reputation()
        caught = caught.updated(with: .delivered(claimed: 0.95, observed: 0.4, late: false))
        let reputations = ["value": caught, "cheap-good": Reputation().updated(with: .delivered(claimed: 0.7, observed: 0.72, late: false))]
        #expect(AwardPolicy.reputation.choose(from: bids, for: announcement, reputations: reputations, draw: 0)?.worker == "cheap-good")
        // Without the record, reputation ranks as best value does.
        #expect(AwardPolicy.reputation.choose(from: bids, for: announcement, reputations: [:], draw: 0)?.worker == "value")
    }

    @Test func randomPicksOnlyAdmissibleBidsAndFollowsTheDraw() {
        let admissible: Set = ["cheap-good", "value", "premium"]
        var seen: Set<String> = []
        for step in 0..<30 {
            let winner = AwardPolicy.random.choose(from: bids, for: announcement, reputations: [:], draw: Double(step) / 30)
            seen.insert(winner!.worker)
        }
        #expect(seen == admissible)
        #expect(AwardPolicy.random.choose(from: bids, for: announcement, reputations: [:], draw: 0)?.worker == "cheap-good")
    }

    @Test func noAdmissibleBidMeansNoWinner() {
        let hopeless = bids.filter { ["cheap-sloppy", "too-slow", "too-dear"].contains($0.worker) }
        for policy in AwardPolicy.allCases {
            #expect(policy.choose(from: hopeless, for: announcement, reputations: [:], draw: 0.5) == nil)
        }
    }

    @Test func workersBidFromTheirPriceSpeedAndRecord() {
        let profile = WorkerProfile(price: .init(inputPer1K: 1, outputPer1K: 3), tokensPerSecond: 2_000, slots: 1, latency: 0.1, markup: 0.25)
        let worker = MarketWorker(name: "w", backendID: "b", profile: profile)
        let bid = worker.bid(on: announcement, reputation: Reputation(), queued: 0, funds: Credits(10))!
        let cost = profile.cost(words: 500, targetWords: 150)
        #expect(bid.price == Credits(micro: cost.micro + Int64((Double(cost.micro) * 0.25).rounded())))
        #expect(bid.claimedQuality == profile.advertisedQuality)
        // One task already taken on its single slot: the next would finish after the deadline.
        #expect(worker.bid(on: announcement, reputation: Reputation(), queued: 1, funds: Credits(10)) == nil)
        #expect(worker.bid(on: announcement, reputation: Reputation(), queued: 0, funds: .zero) == nil)
        let known = Reputation().updated(with: .delivered(claimed: 0.7, observed: 0.66, late: false))
        #expect(worker.bid(on: announcement, reputation: known, queued: 0, funds: Credits(10))?.claimedQuality == 0.66)
        let liar = MarketWorker(name: "l", backendID: "b", profile: profile, claims: .fixed(0.99))
        #expect(liar.bid(on: announcement, reputation: known, queued: 0, funds: Credits(10))?.claimedQuality == 0.99)
    }
}
