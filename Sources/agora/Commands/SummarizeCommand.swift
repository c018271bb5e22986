import AgoraCore
import AgoraLocal
import AgoraEconomy
import AgoraMemory
import AgoraRuntime
import AgoraSummarize
import ArgumentParser
import Foundation

/// `agora summarize FILE`: the summarisation swarm on a transcript.
struct SummarizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize",
        abstract: "Summarise a transcript with a swarm of agents: a digest with TL;DR, key takeaways and a detailed summary.",
        discussion: """
            The transcript is cut into segments at turn boundaries, one agent summarises each segment in parallel, \
            a tree of reducer agents merges their summaries, and a digest agent writes the TL;DR. With the default \
            local back end this needs no server and no model weights.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown, json, sentences
    }

    @Argument(help: "The transcript: a UTF-8 text file, or - for standard input.")
    var file: String

    @OptionGroup var backendOptions: BackendOptions

    @Option(help: "Output format: markdown, json, or sentences (the key takeaways alone, one a line).")
    var format: Format = .markdown

    @Option(help: "Length of the key takeaways, in words (stops at the first sentence that reaches it).")
    var words: Int = 150

    @Option(help: "Words per segment; each segment gets its own agent.")
    var segmentWords: Int = 500

    @Option(help: "How many summaries one reducer agent merges (at least 2).")
    var fanIn: Int = 4

    @Option(help: "Fail if the run would start more agents than this.")
    var maxAgents: Int = 100_000

    @Option(help: "Write the output to this file (all or nothing) instead of standard output.")
    var output: String?

    @OptionGroup var traceOptions: TraceOptions

    @Option(help: "Record every finished agent in the workspace's run journal under this id; rerunning with the same id (or `agora resume ID`) reuses what finished.")
    var runID: String?

    @Option(help: "The workspace folder holding the run journal and long-term memory.")
    var workspace: String = SQLiteWorkspace.defaultFolder

    @Flag(help: "Store the TL;DR and the key takeaways in long-term memory (namespace 'summaries'), for `agora recall`.")
    var remember = false

    @Option(name: .customLong("memory"), help: "The long-term memory file --remember writes to (default: WORKSPACE/memory.sqlite).")
    var memoryPath: String?

    @Flag(help: "With a language-model back end: hand each map agent's model the segment's most salient sentences (picked by the extractive summariser with the whole transcript's statistics) instead of the whole segment.")
    var extractFirst = false

    @Flag(help: "Run the map step as a market among workers of different price, speed and quality (simulated beside the local one; with a server's model (--model openai:NAME) it bids too, at a declared price), and print the ledger after the digest.")
    var economy = false

    @Option(help: "With --economy: how tasks are awarded: cheapest, best-value, reputation, or random (the control).")
    var policy: AwardPolicy = .bestValue

    @Option(help: "With --economy: the seed of the random policy.")
    var seed: UInt64 = 1

    func validate() throws {
        if fanIn < 2 { throw CLIError("--fan-in must be at least 2 (got \(fanIn))") }
        if segmentWords < 20 { throw CLIError("--segment-words must be at least 20 (got \(segmentWords))") }
        if words < 1 { throw CLIError("--words must be at least 1 (got \(words))") }
        if maxAgents < 1 { throw CLIError("--max-agents must be at least 1 (got \(maxAgents))") }
        try backendOptions.checkExtractFirst(extractFirst)
    }

    func run() async throws {
        let text = try InputText.read(file)
        if let output { try OutputFile.check(output) }
        let backend = try backendOptions.makeBackend()
        // Opened before the run, so a bad memory file fails at once and nothing is written.
        let memory = remember ? try openMemory() : nil
        let session = try await SwarmSession.open(trace: traceOptions, runID: runID, workspace: workspace, command: "summarize")
        // A language model's degenerate answers fall back to the extractive pick, so the swarm has both.
        let fallback = backendOptions.makeFallback()
        // With a language model, the market's workers are the demo's (over the extractive summariser) and the model.
        let economyRun = economy ? EconomyRun(base: fallback ?? backend, model: fallback == nil ? nil : backend, policy: policy, seed: seed) : nil
        let swarm = session.swarm(backends: [backend] + (fallback.map { [$0] } ?? []) + (economyRun?.backends ?? []),
                                  limits: SwarmLimits(maxTotalAgents: maxAgents))
        let options = SummarizeOptions(segmentWords: segmentWords, fanIn: fanIn, summaryWords: words, backend: backend.id,
                                       fallbackBackend: fallback?.id, extractFirst: extractFirst)
        let pipeline = SummarizationSwarm(options: options, mapStep: economyRun?.mapStep)
        let plan = pipeline.plan(text: text)
        let progress = Task { await ProgressDisplay(swarm: swarm, total: pipeline.plannedAgents(segments: plan.segments.count)).run() }
        defer { progress.cancel() }

        let source = file == "-" ? "stdin" : URL(fileURLWithPath: file).lastPathComponent
        let digest: Digest
        do {
            digest = try await pipeline.run(plan, text: text, source: source, in: swarm)
        } catch {
            await session.abandon("failed")
            throw CLIError(Self.explain(error, file: file))
        }
        try await session.finish("finished")
        progress.cancel()
        await progress.value
        if let line = Self.reviewLine(digest.stats) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

        let ledger = await economyRun?.market.report()
        let rendered: String
        switch format {
        case .markdown: rendered = digest.markdown + (ledger?.markdown ?? "")
        case .json: rendered = try ledger.map { try EconomyRun.json(digest, $0) } ?? digest.json()
        case .sentences: rendered = digest.sentencesText
        }
        // The output goes in place last: if storing the memory fails (a full disk), the old file is still there
        // and the memory holds none of this run's entries, as the error says.
        let staged = try output.map { try OutputFile.stage(rendered, to: $0) }
        if let memory {
            do {
                try await Self.remember(digest, in: memory, runID: swarm.runID)
            } catch let error as SQLiteWorkspaceError {
                staged?.discard()
                throw CLIError(error.description + (output.map { "; --output '\($0)' left as it was" } ?? ""))
            }
        }
        if let staged {
            try staged.commit(option: "--output")
        } else {
            FileHandle.standardOutput.write(Data(rendered.utf8))
        }
    }

    /// What the reviews of a language model's answers found, when any answer had to be asked again.
    static func reviewLine(_ stats: Digest.Stats) -> String? {
        guard let reviewed = stats.reviewedAnswers, let retried = stats.retriedAnswers, let fallbacks = stats.fallbacks,
              retried > 0 else { return nil }
        return "summarize: \(fallbacks) of \(reviewed) agents fell back to extractive (\(retried) degenerate answers asked again)"
    }

    private func openMemory() throws -> SQLiteMemoryStore {
        let path = memoryPath ?? RunJournalOpener.file(in: workspace)
        do {
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            return try SQLiteMemoryStore(path: path)
        } catch let error as SQLiteWorkspaceError {
            throw CLIError(error.description)
        } catch {
            throw CLIError("cannot open the memory file '\(path)': \(error.localizedDescription)")
        }
    }

    /// The TL;DR as one entry and each key takeaway as another, tagged with the source, so that a later
    /// `agora recall` finds them.
    /// One transaction: a write that fails part way (a full disk) stores none of them.
    static func remember(_ digest: Digest, in memory: SQLiteMemoryStore, runID: String) async throws {
        let source = digest.source
        let tldr = MemoryProvenance(runID: runID, agentPath: AgentPath("root/digest"))
        let takeaways = MemoryProvenance(runID: runID, agentPath: AgentPath("root/reduce"))
        let drafts = [MemoryDraft(text: digest.tldr.joined(separator: " "), tags: ["tldr", source], namespace: "summaries", provenance: tldr)]
            + digest.keyTakeaways.map { MemoryDraft(text: $0, tags: ["takeaway", source], namespace: "summaries", provenance: takeaways) }
        try await memory.rememberAll(drafts)
    }

    /// One line that says what went wrong, and where.
    static func explain(_ error: any Error, file: String) -> String {
        let name = file == "-" ? "standard input" : "'\(file)'"
        var underlying = error
        if let failure = error as? AgentFailure {
            if failure.underlying is SwarmError { return failure.description }
            underlying = failure.underlying
        }
        if let error = underlying as? SummarizeError {
            switch error {
            case .noText, .noSentences: return "\(name): \(error)"
            case .badOption: return error.description
            }
        }
        if underlying as? ExtractiveSummarizerError == .noSentences {
            return "\(name): the transcript has no sentences to summarise"
        }
        return "\(name): \(error)"
    }
}
