import AgoraDefinitions
import AgoraPipelines

extension MarketStepRunner {
    /// A pipeline's `market` steps as auctions in the economy's market: a `Tender` among the step's workers on the
    /// step's terms (policy, budget, seed, deadline). `reports` is told of every finished market step: its agent's
    /// name (`market`, `market-2` in a loop's second pass) and the market's report (auctions, workers, ledger). The
    /// CLI's `--market-report` prints them.
    public static func tender(reports: (@Sendable (_ step: String, _ report: MarketReport) -> Void)? = nil) -> MarketStepRunner {
        MarketStepRunner { call, buyer in
            let step = call.step
            let tender = Tender(bidders: call.workers.map { Tender.Bidder(agent: $0.agent, price: $0.price) }, policy: AwardPolicy(step.policy),
                                budget: step.budget, seed: step.seed, deadline: step.deadline ?? MarketStep.defaultDeadline)
            let remark = "Step `\(call.name)` of \(call.file) (line \(call.line)): each worker asks its declared price for the task."
            let result = try await tender.run(call.text, words: call.words, in: buyer, backendOverride: call.backendOverride, remark: remark,
                                              answer: call.answer)
            reports?(call.name, result.report)
            return result.text
        }
    }
}
