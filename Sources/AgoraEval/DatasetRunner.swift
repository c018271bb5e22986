import AgoraCore
import AgoraText
import Foundation

/// Summarises every item of a data set at its reference's length and scores it with ROUGE.
///
/// The summariser is a closure, so the same runner measures the full swarm or a single global pass:
///
/// ```swift
/// let runner = try DatasetRunner(directory: URL(fileURLWithPath: "data/qmsum-val"))
/// let report = try await runner.run { text, words in .init(try ExtractiveSummarizer.summarize(text: text, targetWords: words)) }
/// print(report.mean.rouge1.f1)
/// ```
public struct DatasetRunner: Sendable {
    public typealias Summarize = @Sendable (_ transcript: String, _ targetWords: Int) async throws -> Summary

    /// What a summariser hands back for one item: its sentences, in order, and what the run cost.
    public struct Summary: Sendable {
        public var sentences: [String]
        public var run: RunFigures?

        public init(_ sentences: [String], run: RunFigures? = nil) {
            self.sentences = sentences
            self.run = run
        }
    }

    /// The figures of a swarm run on one item, for a model back end: how often the model's answers had to be asked
    /// again or replaced, how many sentences of the final summary are still degenerate, and the tokens spent.
    public struct RunFigures: Sendable, Hashable, Codable {
        public var agents: Int
        public var modelCalls: Int
        public var reviewedAnswers: Int
        public var retriedAnswers: Int
        public var fallbacks: Int
        /// Sentences of the whole digest (TL;DR, takeaways, sections) that a review still finds degenerate.
        public var degenerateSentences: Int
        public var inputTokens: Int
        public var outputTokens: Int

        public init(agents: Int, modelCalls: Int, reviewedAnswers: Int, retriedAnswers: Int, fallbacks: Int,
                    degenerateSentences: Int, inputTokens: Int, outputTokens: Int) {
            self.agents = agents
            self.modelCalls = modelCalls
            self.reviewedAnswers = reviewedAnswers
            self.retriedAnswers = retriedAnswers
            self.fallbacks = fallbacks
            self.degenerateSentences = degenerateSentences
            self.inputTokens = inputTokens
            self.outputTokens = outputTokens
        }
    }

    /// One item's outcome.
    public struct ItemResult: Sendable, Hashable, Codable {
        public var id: String
        public var transcriptWords: Int
        public var referenceWords: Int
        public var summaryWords: Int
        public var scores: RougeScores
        public var seconds: Double
        /// The summary as scored (cut to the reference's length), one sentence a line.
        public var summary: [String]
        /// Set when the summariser reports them (a swarm on a model back end).
        public var run: RunFigures?
    }

    public struct Report: Sendable, Hashable, Codable {
        public var items: [ItemResult]
        /// The macro-average over items.
        public var mean: RougeScores
        public var seconds: Double
    }

    public let directory: URL
    public let manifest: Manifest
    public let rouge = Rouge(stemming: true)

    public init(directory: URL) throws {
        self.directory = directory
        self.manifest = try Manifest.load(directory: directory)
    }

    /// The items to run: those named in `ids` (all when empty), at most `limit` of them.
    public func selectItems(ids: [String] = [], limit: Int? = nil) throws -> [Manifest.Item] {
        var items = manifest.items
        if !ids.isEmpty {
            let known = Set(items.map(\.id))
            let unknown = ids.filter { !known.contains($0) }
            guard unknown.isEmpty else { throw EvalError.unknownIDs(unknown) }
            let wanted = Set(ids)
            items = items.filter { wanted.contains($0.id) }
        }
        if let limit { items = Array(items.prefix(max(limit, 0))) }
        return items
    }

    public func run(items: [Manifest.Item]? = nil, summarize: Summarize) async throws -> Report {
        let clock = ContinuousClock()
        let start = clock.now
        var results: [ItemResult] = []
        for item in try items ?? selectItems() {
            let transcript = try read(item.transcript)
            guard let referenceFile = item.referenceSummaries.first else { throw EvalError.noReference(item.id) }
            let reference = try read(referenceFile.file).trimmingCharacters(in: .whitespacesAndNewlines)
            let budget = Self.words(reference)
            let itemStart = clock.now
            let answer = try await summarize(transcript, budget)
            let summary = Self.cut(answer.sentences, to: budget)
            let seconds = (clock.now - itemStart).inSeconds
            let scores = rouge.score(
                reference: Self.referenceSentences(reference).joined(separator: "\n"),
                candidate: summary.joined(separator: "\n"))
            results.append(ItemResult(
                id: item.id, transcriptWords: item.transcriptWords ?? Self.words(transcript), referenceWords: budget,
                summaryWords: summary.reduce(0) { $0 + Self.words($1) }, scores: scores, seconds: seconds,
                summary: summary, run: answer.run))
        }
        return Report(items: results, mean: Self.mean(results.map(\.scores)), seconds: (clock.now - start).inSeconds)
    }

    func read(_ relative: String) throws -> String {
        let url = directory.appendingPathComponent(relative)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw EvalError.missingFile(url.path) }
        return String(decoding: data, as: UTF8.self)
    }

    /// Keeps lines until the word count first reaches `budget`, as `score.py` cuts every system.
    public static func cut(_ lines: [String], to budget: Int) -> [String] {
        var kept: [String] = []
        var words = 0
        for line in lines.map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty {
            if words >= budget { break }
            kept.append(line)
            words += Self.words(line)
        }
        return kept
    }

    static func words(_ text: String) -> Int { WordCounter.count(text) }

    /// Splits a reference into sentences as `score.py` does: after `.`, `!` or `?` and white space, when a
    /// capital, a digit, or an opening quote or bracket before one follows.
    public static func referenceSentences(_ text: String) -> [String] {
        let chars = Array(text.replacingOccurrences(of: "\n", with: " "))
        var sentences: [String] = []
        var start = 0
        var i = 0
        while i < chars.count {
            if chars[i].isWhitespace, i > 0, ".!?".contains(chars[i - 1]) {
                var j = i
                while j < chars.count && chars[j].isWhitespace { j += 1 }
                var k = j
                if k < chars.count && "\"'([".contains(chars[k]) { k += 1 }
                if k < chars.count, let a = chars[k].asciiValue, (a >= 0x41 && a <= 0x5A) || (a >= 0x30 && a <= 0x39) {
                    let piece = String(chars[start..<i]).trimmingCharacters(in: .whitespaces)
                    if !piece.isEmpty { sentences.append(piece) }
                    start = j
                    i = j
                    continue
                }
            }
            i += 1
        }
        let rest = String(chars[start...]).trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty { sentences.append(rest) }
        return sentences
    }

    public static func mean(_ scores: [RougeScores]) -> RougeScores {
        func average(_ path: KeyPath<RougeScores, RougeScore>) -> RougeScore {
            guard !scores.isEmpty else { return .zero }
            let n = Double(scores.count)
            var s = RougeScore(
                precision: scores.reduce(0) { $0 + $1[keyPath: path].precision } / n,
                recall: scores.reduce(0) { $0 + $1[keyPath: path].recall } / n)
            s.f1 = scores.reduce(0) { $0 + $1[keyPath: path].f1 } / n  // macro-average of F1, as score.py
            return s
        }
        return RougeScores(rouge1: average(\.rouge1), rouge2: average(\.rouge2), rougeL: average(\.rougeL), rougeLsum: average(\.rougeLsum))
    }
}
