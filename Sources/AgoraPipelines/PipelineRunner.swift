import AgoraCore
import AgoraDefinitions
import AgoraLocal
import AgoraRuntime
import Synchronization

/// Runs a pipeline file's steps as a tree of agents in a `Swarm`.
///
/// The root agent runs the steps in order. An `agent` step is a child agent named by the step's id, a `map` step
/// a child with one grandchild per item, a `reduce` step a child that folds the list with a tree below it, a
/// `market` step a child that buys the task from the registry's market (the economy's auction, `Tender`, in the
/// CLI) with the winner's job below it; `sequence`, `parallel`, `loop` and `call` steps are control flow and
/// functions, not agents. Inside a loop, agents are named `id-pass`.
///
/// ```swift
/// let pipeline = try PipelineFile.load("Agents/pipelines/summarize.yaml", library: library, functions: PipelineRegistry.standard.signatures)
/// let runner = PipelineRunner(pipeline: pipeline, library: library.agents, registry: .standard)
/// let digest = try await runner.run(inputs: ["transcript": .text(text)], in: Swarm(backends: [ExtractiveBackend()]))
/// ```
public struct PipelineRunner: Sendable {
    public var pipeline: PipelineDefinition
    /// The library's agents and the file's own, by name.
    public var agents: [String: AgentDefinition]
    /// A back end that serves every agent instead of the one it names (the CLI's `--backend`).
    public var backendOverride: String?
    /// The functions `call` steps run and the runner of `market` steps; by default the engine's own functions and
    /// no market.
    public var registry: PipelineRegistry

    public init(pipeline: PipelineDefinition, library: [String: AgentDefinition] = [:], backendOverride: String? = nil,
                registry: PipelineRegistry = .builtIn) {
        self.pipeline = pipeline
        self.agents = library.merging(pipeline.agents) { _, inline in inline }
        self.backendOverride = backendOverride
        self.registry = registry
    }

    /// Runs the pipeline and returns its output value.
    /// - Parameter sources: where inputs came from (a file's name), which `digest` prints as the source.
    public func run(inputs: [String: PipelineValue], sources: [String: String] = [:], in swarm: Swarm) async throws -> PipelineValue {
        let values = try await runAll(inputs: inputs, sources: sources, in: swarm)
        guard let output = values[pipeline.output] else {
            throw PipelineError(file: pipeline.file, line: 1, step: pipeline.name, message: "no step wrote the output '\(pipeline.output)'")
        }
        return output
    }

    /// Runs the pipeline and returns every value: the inputs and each step's output.
    public func runAll(inputs: [String: PipelineValue], sources: [String: String] = [:], in swarm: Swarm) async throws -> [String: PipelineValue] {
        for name in pipeline.inputs where inputs[name] == nil {
            throw PipelineError(file: pipeline.file, line: 1, step: pipeline.name, message: "missing input '\(name)' (give it with --input \(name)=...)")
        }
        let run = Run(runner: self, swarm: swarm, sources: sources)
        do {
            return try await swarm.run("root") { root in
                try await run.steps(pipeline.steps, values: inputs, in: root, pass: "")
            }
        } catch let failure as AgentFailure where failure.underlying is PipelineError {
            // The root agent only carries the step's error, which already says where it happened.
            throw failure.underlying
        }
    }
}

/// The state one run shares among its agents.
final class Run: Sendable {
    let runner: PipelineRunner
    let swarm: Swarm
    let sources: [String: String]
    private let documents = Mutex<[String: SourceDocument]>([:])

    init(runner: PipelineRunner, swarm: Swarm, sources: [String: String]) {
        self.runner = runner
        self.swarm = swarm
        self.sources = sources
    }

    var file: String { runner.pipeline.file }

    /// One shared document per value name, so a back end computes its statistics once per run.
    func document(_ name: String?, values: [String: PipelineValue]) -> SourceDocument? {
        guard let name, let value = values[name] else { return nil }
        return documents.withLock { documents in
            if let document = documents[name] { return document }
            let document = SourceDocument(id: swarm.runID + ":" + (sources[name] ?? name), text: value.text)
            documents[name] = document
            return document
        }
    }

    func agent(_ name: String, step: PipelineStep) throws -> AgentDefinition {
        guard let agent = runner.agents[name] else { throw fail(step, "no agent named '\(name)'") }
        return agent
    }

    func fail(_ step: PipelineStep, _ message: String) -> PipelineError {
        PipelineError(file: file, line: step.line, step: step.id, message: message)
    }
}
