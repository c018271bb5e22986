// A research swarm that delegates recursively: a researcher splits its question in two and hands each half to a
// sub-researcher, three levels deep; the leaves answer, and each level merges its children's answers.
//
//   AGORA_BASE_URL=... AGORA_MODEL=... swift run ResearchSwarm "How do agent runtimes keep accelerators busy?"
//   swift run ResearchSwarm --scripted
import Agora
import ExampleSupport
import Synchronization

let planner = AgentDefinition(name: "planner", instructions: "Split the question into exactly two narrower sub-questions, one per line.")
let answerer = AgentDefinition(name: "answerer", instructions: "Answer the question in two sentences.")
let merger = AgentDefinition(name: "merger", instructions: "Merge these answers into one short answer.")

let backend = Example.backend { request in
    let (system, user) = Example.messages(request)
    let question = user.split(separator: "\n").first.map(String.init) ?? user
    if system.hasPrefix("Split") { return "\(question) (a)\n\(question) (b)" }
    if system.hasPrefix("Answer") { return "Answer to \(question)." }
    return user.split(separator: "\n").filter { !$0.isEmpty }.joined(separator: " ")
}

let depth = 3

/// A researcher at `level`: below `depth` it delegates two sub-questions to child researchers, at `depth` it answers.
func researcher(level: Int) -> Step<String, String> {
    Step { context, question in
        context.note("level \(level): \(question)")
        if level == depth { return try await Step.ask(answerer).body(context, question) }
        let plan = try await Step.ask(planner).body(context, question)
        let subQuestions = plan.split(whereSeparator: \.isNewline).map(String.init).prefix(2)
        let answers = try await Step.map(researcher(level: level + 1), name: "researcher").body(context, Array(subQuestions))
        return try await Step.ask(merger).body(context, answers.joined(separator: "\n"))
    }
}

let recorder = PathRecorder()
let swarm = Swarm(backends: [backend], trace: recorder)
let question = Example.arguments.first ?? "How do agent runtimes keep accelerators busy?"
let answer = try await swarm.run(researcher(level: 0), question)
print(answer)
print("\nagents (\(swarm.stats.startedAgents)):")
for path in recorder.paths.sorted() { print("  \(path)") }

/// Collects the path of every agent that starts.
final class PathRecorder: TraceSink {
    private let started = Mutex<[String]>([])
    var paths: [String] { started.withLock { $0 } }
    func record(_ event: TraceEvent) {
        if case .agentStarted = event.kind { started.withLock { $0.append(event.path.rawValue) } }
    }
}
