// Summarises a transcript with a map/tree-reduce swarm written in Swift:
// segments → one summariser agent each (in parallel) → a tree of reducers (fan-in 4) → a TL;DR agent.
//
//   swift run TranscriptSummary [transcript.txt]        (local extractive back end, no model needed)
//   swift run TranscriptSummary --scripted              (scripted back end, as the tests run it)
import Agora
import ExampleSupport

let summarizer = AgentDefinition(name: "summarizer", instructions: "Summarise this part of a transcript in plain sentences, one per line.")
let reducer = AgentDefinition(name: "reducer", instructions: "Merge these partial summaries into one, one sentence per line.")
let writer = AgentDefinition(name: "tldr", instructions: "Write the one or two sentences a reader must know.")

// The scripted model keeps the first line of whatever it is given, so the output is predictable.
let backend = Example.backend(localWorks: true) { request in
    let user = Example.messages(request).user
    return String(user.split(whereSeparator: \.isNewline).first ?? "")
}

/// Cuts the transcript at turn boundaries, about `words` a segment.
let split = Step.transform { (text: String) in
    Segmenter.segments(of: TranscriptParser.parse(text), segmentWords: 400).map(\.text)
}

let pipeline = split
    .then(.map(.ask(summarizer, words: 80, temperature: 0), name: "segment"))
    .then(Step.reduce(reducer, fanIn: 4, words: 120).asAgent("reduce", definition: reducer))

let swarm = Swarm(backends: [backend])
let takeaways = try await swarm.run(pipeline, Example.transcript())
let tldr = try await swarm.run(Step.agent(writer, words: 30, temperature: 0), takeaways, root: "digest")

print("## TL;DR\n\n\(tldr)\n")
print("## Key takeaways\n")
for line in takeaways.split(whereSeparator: \.isNewline) where !line.isEmpty { print("- \(line)") }
print("\n_\(swarm.stats.startedAgents) agents, \(swarm.stats.modelCalls) model calls_")
