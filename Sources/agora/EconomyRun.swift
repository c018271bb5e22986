import AgoraCore
import AgoraEconomy
import AgoraRuntime
import AgoraSummarize
import Foundation

/// `agora summarize --economy`: the market, its workers' back ends, and the map step that puts segments out to it.
struct EconomyRun: Sendable {
    let market: Market
    /// The simulated workers' back ends, to add to the swarm beside the local one.
    let backends: [any ModelBackend]

    /// The demo's workers over `base` (the extractive summariser); with `model`, a real language model bids too.
    init(base: any ModelBackend, model: (any ModelBackend)? = nil, policy: AwardPolicy, seed: UInt64) {
        var (workers, backends) = EconomyDemo.workers(base: base)
        var rules = MarketRules()
        var remark = EconomyDemo.remark
        if let model {
            let (worker, priced) = EconomyDemo.modelWorker(model)
            workers.append(worker)
            backends.append(priced)
            (rules, remark) = (EconomyDemo.realModelRules, EconomyDemo.realModelRemark)
        }
        market = Market(workers: workers, policy: policy, rules: rules, seed: seed, referenceWorker: EconomyDemo.referenceWorker,
                        remark: remark)
        self.backends = backends
    }

    var mapStep: SegmentMapper {
        { [market] jobs, map in
            let tasks = jobs.map { job in
                MarketTask(spec: MarketTaskSpec(id: "segment-\(job.segment.number)", words: job.segment.wordCount, targetWords: job.targetWords),
                           source: job.segment.text, request: job.request)
            }
            return try await market.run(tasks, in: map).map(\.text)
        }
    }

    /// The digest's JSON with the market's report under `economy`.
    static func json(_ digest: Digest, _ report: MarketReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(DigestWithEconomy(digest: digest, economy: report)), as: UTF8.self) + "\n"
    }

    private struct DigestWithEconomy: Encodable {
        let digest: Digest
        let economy: MarketReport
        enum Key: String, CodingKey { case economy }

        func encode(to encoder: any Encoder) throws {
            try digest.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(economy, forKey: .economy)
        }
    }
}
