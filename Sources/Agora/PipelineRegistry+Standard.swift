extension PipelineRegistry {
    /// Every function the shipped pipeline files call (the engine's and the summariser's) and `market` steps as
    /// the economy's auctions: what `agora run` runs them with. Defined here because this is where the summariser
    /// and the economy are both in sight; give `market: .tender(reports:)` to see each market's report.
    ///
    /// ```swift
    /// let pipeline = try PipelineFile.load(path, library: library, functions: PipelineRegistry.standard.signatures)
    /// let runner = PipelineRunner(pipeline: pipeline, library: library.agents, registry: .standard)
    /// ```
    public static let standard = PipelineRegistry(functions: [.segment, .chunk, .join, .digest], market: .tender())
}
