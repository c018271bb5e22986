import AgoraCore
import AgoraEconomy
import AgoraEval
import AgoraLocal
import AgoraRuntime
import AgoraSummarize
import ArgumentParser
import Foundation
import Synchronization

/// `agora bench economy`: the award policies of the market compared on the same transcripts.
struct EconomyBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "economy",
        abstract: "Compare the market's award policies: credits, wall time and summary quality on the same transcripts.",
        discussion: """
            Every transcript is summarised once per policy with `agora summarize --economy`'s market (a free local \
            worker and simulated priced ones). Quality is the buyer's heuristic score of the delivered segment \
            summaries and, for data-set items, ROUGE F1 (×100) of the key takeaways against the reference, cut as \
            `agora eval` cuts. Credits are what the buyer paid workers; the all-premium plan is the same tasks at \
            the premium worker's prices.
            """
    )

    @Option(help: "A data set folder with manifest.json (qmsum-val); its items are scored with ROUGE.")
    var data: String = "../shared/data/qmsum-val"

    @Option(help: "How many data-set items to run (0: none).")
    var limit: Int = 3

    @Option(parsing: .upToNextOption, help: "Transcript files to add (no ROUGE). Default: Examples/transcripts/*.txt when present.")
    var transcripts: [String] = []

    @Option(parsing: .upToNextOption, help: "Policies to compare: cheapest, best-value, reputation, random.")
    var policies: [AwardPolicy] = AwardPolicy.allCases

    @Option(help: "Seed of the random policy.")
    var seed: UInt64 = 1

    @Option(help: "Words per segment (each segment is one auctioned task).")
    var segmentWords: Int = 500

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    struct Row: Codable {
        var policy: String
        var transcripts: Int
        var tasks: Int
        var paid: Double
        var tokenCost: Double
        var allPremium: Double
        var seconds: Double
        var reauctions: Int
        var late: Int
        var failed: Int
        var quality: Double
        var rouge1: Double?
        var rouge2: Double?
        var rougeL: Double?
        var conserved: Bool

        enum CodingKeys: String, CodingKey {
            case policy, transcripts, tasks, paid, seconds, reauctions, late, failed, quality, rouge1, rouge2, conserved
            case tokenCost = "token_cost", allPremium = "all_premium", rougeL = "rougeL"
        }
    }

    func run() async throws {
        var files = transcripts
        if files.isEmpty {
            let folder = URL(fileURLWithPath: "Examples/transcripts")
            files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter { $0.hasSuffix(".txt") }.sorted().map { folder.appendingPathComponent($0).path }
        }
        let texts = try files.map { file in
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read '\(file)'") }
            return String(decoding: data, as: UTF8.self)
        }
        var runner: DatasetRunner?
        var items: [Manifest.Item] = []
        if limit > 0, FileManager.default.fileExists(atPath: data) {
            runner = try DatasetRunner(directory: URL(fileURLWithPath: data))
            items = try runner!.selectItems(limit: limit)
        }
        guard !texts.isEmpty || !items.isEmpty else { throw CLIError("no transcripts: give --transcripts or --data") }

        var rows: [Row] = []
        for policy in [nil] + policies.map(Optional.some) {
            let clock = ContinuousClock()
            var reports: [MarketReport] = []
            var seconds = 0.0
            for text in texts {
                let start = clock.now
                let (report, _) = try await summarize(text, policy: policy, words: 150)
                seconds += (clock.now - start).inSeconds
                reports += report.map { [$0] } ?? []
            }
            var rouge: RougeScores?
            if let runner, !items.isEmpty {
                let collected = Mutex<[MarketReport]>([])
                let result = try await runner.run(items: items) { transcript, words in
                    let (report, digest) = try await summarize(transcript, policy: policy, words: words)
                    if let report { collected.withLock { $0.append(report) } }
                    return .init(digest.keyTakeaways)
                }
                rouge = result.mean
                seconds += result.seconds
                reports += collected.withLock { $0 }
            }
            let rounds = reports.flatMap(\.rounds)
            let delivered = rounds.filter { $0.verdict == .paid }.compactMap(\.quality)
            rows.append(Row(
                policy: policy?.rawValue ?? "no market (local only)", transcripts: texts.count + items.count,
                tasks: reports.reduce(0) { $0 + $1.assignments.count },
                paid: reports.map(\.totalPaid).sum().value, tokenCost: reports.map(\.tokenCost).sum().value,
                allPremium: reports.compactMap(\.allReferencePlan).sum().value, seconds: seconds,
                reauctions: reports.reduce(0) { $0 + $1.reauctions },
                late: rounds.filter { $0.verdict == .late }.count, failed: rounds.filter { $0.verdict == .failed }.count,
                quality: delivered.isEmpty ? 0 : delivered.reduce(0, +) / Double(delivered.count),
                rouge1: rouge.map { $0.rouge1.f1 * 100 }, rouge2: rouge.map { $0.rouge2.f1 * 100 }, rougeL: rouge.map { $0.rougeL.f1 * 100 },
                conserved: reports.allSatisfy(\.isConserved)))
        }
        if json {
            print(try prettyJSON(rows))
            return
        }
        print("\(texts.count) transcript(s) + \(items.count) data-set item(s), \(segmentWords) words a segment, seed \(seed)")
        print("| Policy | Tasks | Paid | Tokens | All-premium | Wall s | Re-auctions | Late | Failed | Quality | R-1 | R-2 | R-L | Conserved |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for row in rows {
            func figure(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "—" }
            print("| \(row.policy) | \(row.tasks) | \(figure(row.paid)) | \(figure(row.tokenCost)) | \(figure(row.allPremium)) | "
                + "\(figure(row.seconds)) | \(row.reauctions) | \(row.late) | \(row.failed) | \(row.tasks > 0 ? figure(row.quality) : "—") | "
                + "\(figure(row.rouge1)) | \(figure(row.rouge2)) | \(figure(row.rougeL)) | \(row.conserved ? "yes" : "NO") |")
        }
    }

    /// One summary: with the market under `policy`, or the plain swarm on the local back end when nil.
    func summarize(_ text: String, policy: AwardPolicy?, words: Int) async throws -> (MarketReport?, Digest) {
        let base = ExtractiveBackend()
        let economy = policy.map { EconomyRun(base: base, policy: $0, seed: seed) }
        let swarm = Swarm(backends: [base] + (economy?.backends ?? []))
        let options = SummarizeOptions(segmentWords: segmentWords, summaryWords: words, backend: base.id)
        let digest = try await SummarizationSwarm(options: options, mapStep: economy?.mapStep).run(text: text, source: "bench", in: swarm)
        return (await economy?.market.report(), digest)
    }
}

extension AwardPolicy: ExpressibleByArgument {}
