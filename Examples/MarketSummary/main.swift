// A market-based summary: each segment of a transcript is put out to tender among three workers; the cheapest
// that declares a price wins it. (Until the economy module lands, that rule is the whole auction: no budgets are
// debited and no reputations kept.)
//
//   swift run MarketSummary [transcript.txt]      (local extractive back end)
//   swift run MarketSummary --scripted
import Agora
import ExampleSupport

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
let tender = map(market(workers, words: 50), name: "tender")
let swarm = Swarm(backends: [backend])
let summaries = try await swarm.run(tender, segments)

let cheapest = workers.filter { $0.price != nil }.min { $0.price! < $1.price! }!
print("\(segments.count) tenders, each awarded to \(cheapest.agent.name) at \(cheapest.price!) credits\n")
for (number, summary) in summaries.enumerated() {
    print("### Segment \(number + 1)\n\n\(summary)\n")
}
