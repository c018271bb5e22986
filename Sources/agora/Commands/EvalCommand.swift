import AgoraCore
import AgoraEval
import AgoraLocal
import AgoraRuntime
import AgoraSummarize
import ArgumentParser
import Foundation

/// `agora eval DATASET_DIR`: ROUGE of the local summariser against a data set's reference summaries.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score summaries against a data set's reference summaries with ROUGE.",
        discussion: """
            DATASET_DIR holds a manifest.json (the format of qmsum-val). Every item is summarised at its first \
            reference's word count, cut like score.py cuts (lines until the count is reached), and scored with \
            ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum F1 (stemmed, as Google's rouge-score), ×100. Prints a \
            per-item table, the mean, and the time taken.

            With a server's model (--model openai:NAME, swarm mode), the swarm runs on that model server and each item also reports \
            the model's answers asked again after a degenerate answer, the nodes that fell back to the extractive \
            pick, the degenerate sentences left in the whole digest (the goal is 0), and the prompt and output \
            tokens. A real model on a CPU takes seconds per request: choose items with --ids or --limit.

            --json prints one JSON document instead: {"mode", "items": [{"id", "transcriptWords", \
            "referenceWords", "summaryWords", "seconds", "scores": {"rouge1": {"precision", "recall", "f1"}, \
            ...}, "summary": [...], "run": {"agents", "modelCalls", "reviewedAnswers", "retriedAnswers", "fallbacks", \
            "degenerateSentences", "inputTokens", "outputTokens"} (with --model openai:NAME)}], "mean": {...}, "seconds"} \
            (scores as fractions, 0...1).
            """
    )

    enum Mode: String, ExpressibleByArgument, CaseIterable {
        /// The summarisation swarm: map over segments, tree of reducers.
        case swarm
        /// One pass of the extractive summariser over the whole transcript.
        case global
    }

    @Argument(help: "A folder with manifest.json.")
    var datasetDir: String

    @OptionGroup var backendOptions: BackendOptions

    @Flag(help: "With a server's model (openai:NAME): hand each map agent's model the segment's most salient sentences instead of the whole segment.")
    var extractFirst = false

    @Option(help: "swarm (the full summarisation swarm) or global (one extractive pass over the whole transcript).")
    var mode: Mode = .swarm

    @Flag(help: "Print one JSON document (items, mean, seconds) instead of tables.")
    var json = false

    @Option(name: [.customLong("ids"), .customLong("items")], parsing: .upToNextOption,
            help: "Only these item ids (space- or comma-separated).")
    var ids: [String] = []

    @Option(help: "At most this many items.")
    var limit: Int?

    @Option(help: "Write each summary as OUT/<id>.txt, one sentence a line (for score.py --system-dir).")
    var out: String?

    @Option(name: .customLong("set"), help: "Set a summariser knob, name=value (repeatable; see docs/summariser.md).")
    var settings: [String] = []

    @Option(help: "Words per segment in swarm mode.")
    var segmentWords: Int = 1_200

    func validate() throws {
        if mode == .global, backendOptions.chosenID != ModelProviders.defaultID {
            throw CLIError("--mode global is the extractive summariser alone; use --mode swarm with --model \(backendOptions.chosenID)")
        }
        try backendOptions.checkExtractFirst(extractFirst)
        if let limit, limit < 1 { throw CLIError("--limit must be at least 1 (got \(limit))") }
    }

    func run() async throws {
        var configuration = ExtractiveConfiguration.default
        for setting in settings {
            do { try configuration.set(setting) } catch { throw CLIError("\(error)") }
        }
        let report: DatasetRunner.Report
        do {
            let runner = try DatasetRunner(directory: URL(fileURLWithPath: datasetDir))
            let items = try runner.selectItems(ids: ids.flatMap { $0.split(separator: ",").map(String.init) }, limit: limit)
            report = try await runner.run(items: items, summarize: try summarizer(configuration))
        } catch let error as EvalError {
            throw CLIError(error.description)
        }
        if let out { try write(report, to: out) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let document = JSONReport(mode: mode.rawValue, items: report.items, mean: report.mean, seconds: report.seconds)
            FileHandle.standardOutput.write(try encoder.encode(document) + Data("\n".utf8))
        } else {
            print(Self.table(report, mode: mode))
        }
    }

    func summarizer(_ configuration: ExtractiveConfiguration) throws -> DatasetRunner.Summarize {
        switch mode {
        case .global:
            return { text, words in .init(try ExtractiveSummarizer.summarize(text: text, targetWords: words, configuration: configuration)) }
        case .swarm:
            let segmentWords = segmentWords
            let extractFirst = extractFirst
            // With a language model, its answers fall back to the extractive back end and its own tokens are counted.
            let chosen = try backendOptions.makeBackend()
            let base = backendOptions.isLanguageModel ? chosen : nil
            return { text, words in
                let model = base.map(CountingBackend.init)
                // The in-process back end chosen (local:lead, say), or the extractive one with the --set knobs.
                let extractive = base == nil && !(chosen is ExtractiveBackend) ? chosen : ExtractiveBackend(configuration: configuration)
                let backends: [any ModelBackend] = (model.map { [$0] } ?? []) + [extractive]
                let swarm = Swarm(backends: backends)
                let options = SummarizeOptions(segmentWords: segmentWords, summaryWords: words, backend: model?.id ?? extractive.id,
                                               fallbackBackend: model == nil ? nil : extractive.id, extractFirst: extractFirst)
                let digest: Digest
                do {
                    digest = try await SummarizationSwarm(options: options).run(text: text, source: "eval", in: swarm)
                } catch where model != nil {
                    throw CLIError(SummarizeCommand.explain(error, file: "eval item"))
                }
                guard let model else { return .init(digest.keyTakeaways) }
                return .init(digest.keyTakeaways, run: Self.figures(digest, modelTokens: model.usage))
            }
        }
    }

    /// A model run's figures; the degenerate sentences are counted over the whole digest with the review the
    /// swarm applies to each answer; the tokens are the model's alone.
    static func figures(_ digest: Digest, modelTokens: TokenUsage) -> DatasetRunner.RunFigures {
        let review = AnswerReview(input: "", speakers: digest.sections.flatMap(\.speakers))
        let sentences = digest.tldr + digest.keyTakeaways + digest.sections.flatMap(\.sentences)
        return DatasetRunner.RunFigures(
            agents: digest.stats.agents, modelCalls: digest.stats.modelCalls, reviewedAnswers: digest.stats.reviewedAnswers ?? 0,
            retriedAnswers: digest.stats.retriedAnswers ?? 0, fallbacks: digest.stats.fallbacks ?? 0,
            degenerateSentences: sentences.filter { review.flaw(of: $0) != nil }.count,
            inputTokens: modelTokens.inputTokens, outputTokens: modelTokens.outputTokens)
    }

    func write(_ report: DatasetRunner.Report, to directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for item in report.items {
                let path = URL(fileURLWithPath: directory).appendingPathComponent("\(item.id).txt").path
                try StagedFile.write(Data((item.summary.joined(separator: "\n") + "\n").utf8), to: path)
            }
        } catch let error as OutputTargetError {
            throw CLIError("cannot write summaries to '\(directory)': \(error)")
        } catch {
            throw CLIError("cannot write summaries to '\(directory)': \(error.localizedDescription)")
        }
    }

    struct JSONReport: Encodable {
        var mode: String
        var items: [DatasetRunner.ItemResult]
        var mean: RougeScores
        var seconds: Double
    }

    static func table(_ report: DatasetRunner.Report, mode: Mode) -> String {
        func cell(_ value: Double) -> String { String(format: "%6.2f", value * 100) }
        func row(_ name: String, _ s: RougeScores, extra: String) -> String {
            "| \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) | \(cell(s.rouge1.f1)) | \(cell(s.rouge2.f1)) | "
                + "\(cell(s.rougeL.f1)) | \(cell(s.rougeLsum.f1)) | \(extra)"
        }
        let model = report.items.contains { $0.run != nil }
        let modelHeader = model ? " | answers, retried, fell back | degenerate | tokens in/out" : ""
        var lines = ["| item       |   R-1  |   R-2  |   R-L  | R-Lsum | words (ref/out, transcript), seconds" + modelHeader,
                     "|---|---|---|---|---|---|" + (model ? "---|---|---|" : "")]
        for item in report.items {
            var extra = "\(item.referenceWords)/\(item.summaryWords), \(item.transcriptWords), " + String(format: "%.3f", item.seconds) + " |"
            if let run = item.run {
                extra += " \(run.reviewedAnswers), \(run.retriedAnswers), \(run.fallbacks) | \(run.degenerateSentences) | \(run.inputTokens)/\(run.outputTokens) |"
            }
            lines.append(row(item.id, item.scores, extra: extra))
        }
        lines.append("")
        lines.append("| mode       |   R-1  |   R-2  |   R-L  | R-Lsum | items, seconds")
        lines.append("|---|---|---|---|---|---|")
        lines.append(row(mode.rawValue, report.mean, extra: "\(report.items.count), " + String(format: "%.2f", report.seconds) + " |"))
        lines.append("")
        lines.append("F1 × 100, stemmed, macro-average; \(report.items.count) items in " + String(format: "%.2f", report.seconds) + " s")
        let runs = report.items.compactMap(\.run)
        if !runs.isEmpty {
            let reviewed = runs.reduce(0) { $0 + $1.reviewedAnswers }
            let retried = runs.reduce(0) { $0 + $1.retriedAnswers }
            let fallbacks = runs.reduce(0) { $0 + $1.fallbacks }
            let degenerate = runs.reduce(0) { $0 + $1.degenerateSentences }
            let share = { (part: Int) in reviewed == 0 ? "0" : String(format: "%.0f", Double(part) * 100 / Double(reviewed)) }
            lines.append("model answers: \(reviewed); degenerate at first \(retried) (\(share(retried)) %); fell back to extractive \(fallbacks) "
                + "(\(share(fallbacks)) %); degenerate sentences left in the digests: \(degenerate); tokens "
                + "\(runs.reduce(0) { $0 + $1.inputTokens }) in, \(runs.reduce(0) { $0 + $1.outputTokens }) out")
        }
        return lines.joined(separator: "\n")
    }
}
