// A market-based summary: each segment of a transcript is put out to tender among three workers, an auction in the
// economy's market (the same one a pipeline file's `market` step holds). Each priced worker bids its price; the
// best value within the buyer's budget wins, is paid from escrow on delivery, and every ledger must balance.
// `careful` asks more than the budget allows and `volunteer` declares no price, so neither can win.
//
//   swift run MarketSummary [transcript.txt]      (local extractive back end)
//   swift run MarketSummary --scripted
import Agora
import ExampleSupport
import Synchronization

let workers: [(agent: AgentDefinition, price: Double?)] = [
    (AgentDefinition(name: "careful", instructions: "Summarise carefully, one sentence per line."), 4.0),
    (AgentDefinition(name: "quick", instructions: "Summarise briefly, one sentence per line."), 1.5),
    (AgentDefinition(name: "volunteer", instructions: "Summarise, one sentence per line."), nil),
]

let backend = Example.backend(localWorks: true) { request in
    let (system, user) = Example.messages(request)
    return "[\(system.prefix { $0 != "," })] " + (user.split(whereSeparator: \.isNewline).first.map(String.init) ?? "")
}

let segments = Segmenter.segments(of: TranscriptParser.parse(Example.transcript()), segmentWords: 600).map(\.text)
let reports = Mutex<[MarketReport]>([])
let tender = Step.map(.market(workers, policy: .bestValue, budget: 3, words: 50) { report in reports.withLock { $0.append(report) } }, name: "tender")
let swarm = Swarm(backends: [backend])
let summaries = try await swarm.run(tender, segments)

let awards = reports.withLock { $0 }.flatMap(\.rounds).filter { $0.verdict == .paid }
let terms = Set(awards.map { "\($0.winner ?? "nobody") at \(String(format: "%g", $0.price.value)) credits" })
print("\(segments.count) tenders, each awarded to \(terms.sorted().joined(separator: " or "))\n")
for (number, summary) in summaries.enumerated() {
    print("### Segment \(number + 1)\n\n\(summary)\n")
}
let paid = reports.withLock { $0 }.map(\.totalPaid).sum()
let balanced = reports.withLock { $0 }.allSatisfy(\.isConserved)
print("The buyers paid \(String(format: "%g", paid.value)) credits in all; \(balanced ? "every ledger balances" : "a ledger does NOT balance").")
