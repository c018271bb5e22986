import AgoraDefinitions

/// What a pipeline may use beyond agents: the functions its `call` steps name and the runner of its `market`
/// steps. The engine knows no summariser and no economy; the modules that do register their pieces, and a
/// composition root puts one registry together (`PipelineRegistry.standard` in the umbrella module, the CLI's own).
///
/// ```swift
/// let registry = PipelineRegistry(functions: PipelineFunction.builtIn + [.segment, .digest], market: .tender())
/// let pipeline = try PipelineFile.load(path, library: library, functions: registry.signatures)
/// let runner = PipelineRunner(pipeline: pipeline, library: library.agents, registry: registry)
/// ```
public struct PipelineRegistry: Sendable {
    /// In the order messages list them (`no built-in function 'x'; there are ...`).
    public var functions: [PipelineFunction]
    /// Nil: a pipeline with a `market` step fails when the step runs.
    public var market: MarketStepRunner?

    public init(functions: [PipelineFunction] = PipelineFunction.builtIn, market: MarketStepRunner? = nil) {
        self.functions = functions
        self.market = market
    }

    /// The engine's own: `chunk` and `join`, no market.
    public static let builtIn = PipelineRegistry()

    /// What the file loader checks `call` steps against.
    public var signatures: [FunctionSignature] { functions.map(\.signature) }

    /// The function named `name`; the first registered wins.
    public func function(_ name: String) -> PipelineFunction? {
        functions.first { $0.signature.name == name }
    }
}
