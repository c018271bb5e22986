import Agora

// Three agents, each data: a name, instructions, and (here) no back end, so the swarm's default serves them.
let summarizer = AgentDefinition(name: "summarizer", instructions: "Summarise the text in plain sentences, one per line.")
let merger = AgentDefinition(name: "merger", instructions: "Merge these summaries into one, one sentence per line.")

// Cut → one summariser per part, in parallel → a tree of mergers with fan-in 4.
let brief = Step.transform { (text: String) in
    Segmenter.segments(of: TranscriptParser.parse(text), segmentWords: 400).map(\.text)
}
.then(.map(.ask(summarizer, words: 60), name: "part"))
.then(.reduce(merger, fanIn: 4, words: 80))

// The local extractive back end needs no server and no weights.
let swarm = Swarm(backends: [ExtractiveBackend()])
let text = try String(contentsOfFile: CommandLine.arguments.dropFirst().first ?? "Examples/transcripts/talk-tool-latency.txt", encoding: .utf8)
print(try await swarm.run(brief, text))
print("(\(swarm.stats.startedAgents) agents)")
