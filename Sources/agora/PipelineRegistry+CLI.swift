import AgoraEconomy
import AgoraPipelines
import AgoraSummarize

extension PipelineRegistry {
    /// What `agora run` and `agora agents check` know: the engine's functions and the summariser's, in the order
    /// messages list them, and `market` steps as the economy's auctions (the umbrella's `PipelineRegistry.standard`
    /// holds the same; the CLI does not link the umbrella). `marketReports` is `--market-report`.
    static func cli(marketReports: (@Sendable (_ step: String, _ report: MarketReport) -> Void)? = nil) -> PipelineRegistry {
        PipelineRegistry(functions: [.segment, .chunk, .join, .digest], market: .tender(reports: marketReports))
    }
}
