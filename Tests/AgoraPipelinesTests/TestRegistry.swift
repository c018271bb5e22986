import AgoraEconomy
import AgoraPipelines
import AgoraSummarize

extension PipelineRegistry {
    /// What the CLI and the umbrella register: the engine's functions, the summariser's, the economy's auction. The
    /// engine's tests compose it themselves because they link neither composition root.
    static let tests = PipelineRegistry(functions: [.segment, .chunk, .join, .digest], market: .tender())
}
