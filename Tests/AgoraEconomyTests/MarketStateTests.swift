import AgoraCore
import Testing
@testable import AgoraEconomy

@Suite struct MarketStateTests {
    static func worker(_ name: String, price: Double, claims: MarketWorker.Claims = .honest, slots: Int = 4) -> MarketWorker {
        MarketWorker(name: name, backendID: "b-\(name)",
                     profile: WorkerProfile(price: .init(inputPer1K: price, outputPer1K: price), tokensPerSecond: 100_000, slots: slots, latency: 0.01, advertisedQuality: 0.8),
                     claims: claims)
    }

    static let funds: [String: Credits] = ["a": Credits(10), "b": Credits(10), "c": Credits(10)]
    static let tasks = [MarketTaskSpec(id: "t1", words: 500, targetWords: 150)]

    @Test func aFailedWinnerIsNotPaidAndTheTaskIsReauctionedToAnother() {
        var state = MarketState(tasks: Self.tasks, workers: [Self.worker("a", price: 0.1), Self.worker("b", price: 1)], policy: .cheapest)
        let first = state.nextWave(buyerFunds: Credits(100), workerFunds: Self.funds)
        #expect(first.map(\.winner.worker) == ["a"])
        let settlement = state.settle(first[0], outcome: .failed(reason: "boom"))
        #expect(settlement.verdict == .failed && settlement.pay == .zero && settlement.refund == first[0].winner.price)
        #expect(settlement.reauctioned)
        #expect(settlement.reputationAfter.trust < settlement.reputationBefore.trust)
        let second = state.nextWave(buyerFunds: Credits(100), workerFunds: Self.funds)
        #expect(second.map(\.winner.worker) == ["b"])
        #expect(second[0].announcement.round == 2)
        let paid = state.settle(second[0], outcome: .delivered(seconds: 0.1, quality: 0.8))
        #expect(paid.verdict == .paid && paid.pay == second[0].winner.price && paid.refund == .zero)
        #expect(state.isFinished)
        #expect(state.tasks[0].status == .done(worker: "b", paid: true))
    }

    @Test func aLateWinnerIsNotPaidLosesReputationAndTheTaskIsReauctioned() {
        var state = MarketState(tasks: Self.tasks, workers: [Self.worker("a", price: 0.1), Self.worker("b", price: 1)], policy: .cheapest)
        let award = state.nextWave(buyerFunds: Credits(100), workerFunds: Self.funds)[0]
        let settlement = state.settle(award, outcome: .delivered(seconds: award.announcement.deadline + 0.5, quality: 0.8))
        #expect(settlement.verdict == .late && settlement.pay == .zero && settlement.reauctioned)
        #expect(settlement.reputationAfter.trust < settlement.reputationBefore.trust)
        #expect(settlement.reputationAfter.late == 1)
        #expect(state.tasks[0].excluded == ["a"])
        #expect(state.nextWave(buyerFunds: Credits(100), workerFunds: Self.funds).map(\.winner.worker) == ["b"])
    }

    @Test func retriesAreBoundedAndALateDeliveryIsTheLastResort() {
        let workers = ["a", "b", "c"].map { Self.worker($0, price: 0.1) }
        var state = MarketState(tasks: Self.tasks, workers: workers, policy: .cheapest, rules: MarketRules(maxAttempts: 2))
        let first = state.nextWave(buyerFunds: Credits(100), workerFunds: Self.funds)[0]
        _ = state.settle(first, outcome: .delivered(seconds: 99, quality: 0.8))
        let second = state.nextWave(buyerFunds: Credits(100), workerFunds: Self.funds)[0]
        let last = state.settle(second, outcome: .failed(reason: "crashed"))
        #expect(!last.reauctioned)
        #expect(state.isFinished)
        #expect(state.tasks[0].status == .done(worker: first.winner.worker, paid: false))

        var hopeless = MarketState(tasks: Self.tasks, workers: workers, policy: .cheapest, rules: MarketRules(maxAttempts: 1))
        let only = hopeless.nextWave(buyerFunds: Credits(100), workerFunds: Self.funds)[0]
        _ = hopeless.settle(only, outcome: .failed(reason: "crashed"))
        #expect(hopeless.tasks[0].status == .abandoned)
    }

    @Test func aTaskNobodyCanTakeIsClosed() {
        var state = MarketState(tasks: Self.tasks, workers: [Self.worker("a", price: 0.1)], policy: .cheapest)
        #expect(state.nextWave(buyerFunds: .zero, workerFunds: Self.funds).isEmpty)
        #expect(state.tasks[0].status == .abandoned)
        #expect(state.rounds.last?.verdict == .noBid)
    }

    @Test func aWaveStopsAtWorkerCapacityAndTheRestWaits() {
        let tasks = (1...3).map { MarketTaskSpec(id: "t\($0)", words: 500, targetWords: 150) }
        var slow = Self.worker("a", price: 0, slots: 1)
        slow.profile.tokensPerSecond = 1_500  // about 0.6 s a task: one fits a 1 s deadline, two do not
        var state = MarketState(tasks: tasks, workers: [slow], policy: .cheapest)
        let wave = state.nextWave(buyerFunds: Credits(100), workerFunds: Self.funds)
        #expect(wave.map(\.announcement.taskID) == ["t1"])
        #expect(state.tasks.map(\.status) == [.awarded, .pending, .pending])
    }

    @Test func reputationRisesForHonestWorkFallsForDishonestLateAndFailedWork() {
        let start = Reputation()
        #expect(start.updated(with: .delivered(claimed: 0.8, observed: 0.78, late: false)).trust > start.trust)
        let liar = start.updated(with: .delivered(claimed: 0.95, observed: 0.45, late: false))
        #expect(liar.trust < start.trust)
        #expect(liar.overclaims == 1)
        #expect(start.updated(with: .delivered(claimed: 0.8, observed: 0.8, late: true)).trust < start.trust)
        #expect(start.updated(with: .failed).trust < start.trust)
        // Over a run: the honest worker ends above the dishonest one.
        var honest = start, dishonest = start
        for _ in 0..<5 {
            honest = honest.updated(with: .delivered(claimed: 0.8, observed: 0.75, late: false))
            dishonest = dishonest.updated(with: .delivered(claimed: 0.95, observed: 0.5, late: false))
        }
        #expect(honest.trust > 0.9 && dishonest.trust < 0.05)
        #expect(abs(dishonest.observedQuality! - 0.5) < 1e-9)
    }

    @Test func theRandomPolicyRepeatsWithItsSeed() {
        let tasks = (1...12).map { MarketTaskSpec(id: "t\($0)", words: 300, targetWords: 100) }
        let workers = ["a", "b", "c"].map { Self.worker($0, price: 0.1) }
        func winners(_ seed: UInt64) -> [String] {
            var state = MarketState(tasks: tasks, workers: workers, policy: .random, rules: MarketRules(waveSize: 12), seed: seed)
            return state.nextWave(buyerFunds: Credits(100), workerFunds: Self.funds).map(\.winner.worker)
        }
        #expect(winners(3) == winners(3))
        #expect(winners(3) != winners(4))
    }
}
