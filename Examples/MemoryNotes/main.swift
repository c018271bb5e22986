// Long-term memory across runs: each run recalls what earlier runs remembered about a topic, asks an agent to
// write today's note with that in mind, and remembers the note for the next run.
//
//   swift run MemoryNotes --workspace notes.sqlite "tool latency"      (run it twice)
//   swift run MemoryNotes --scripted --workspace /tmp/notes.sqlite
import Agora
import ExampleSupport

var arguments = Example.arguments
var workspace = ".agora/memory.sqlite"
if let flag = arguments.firstIndex(of: "--workspace"), flag + 1 < arguments.count {
    workspace = arguments[flag + 1]
    arguments.removeSubrange(flag...flag + 1)
}
let topic = arguments.first ?? "tool latency"

let noteTaker = AgentDefinition(
    name: "note-taker", instructions: "Write one new sentence about the topic that builds on the earlier notes.", memory: "notes")

let backend = Example.backend { request in
    let user = Example.messages(request).user
    let earlier = user.components(separatedBy: "\n").filter { $0.hasPrefix("- ") }.count
    return "Note \(earlier + 1) on \(topic): builds on \(earlier) earlier note\(earlier == 1 ? "" : "s")."
}

let store = try SQLiteMemoryStore(path: workspace)
let swarm = Swarm(backends: [backend])

let write = Step<String, String> { context, topic in
    // Recall first: the earlier runs' notes become part of the prompt.
    let earlier = try await store.recall(topic, k: 5, namespace: noteTaker.memory)
    context.note("recalled \(earlier.count) notes")
    let prompt = "Topic: \(topic)\nEarlier notes:\n" + earlier.map { "- \($0.text)" }.joined(separator: "\n")
    let note = try await Step.ask(noteTaker).body(context, prompt)
    _ = try await store.remember(note, tags: ["example"], namespace: noteTaker.memory ?? MemoryEntry.defaultNamespace,
                                 provenance: MemoryProvenance(runID: context.runID, agentPath: context.path))
    return note
}

let before = try await store.recall(topic, k: 5, namespace: noteTaker.memory).count
let note = try await swarm.run(write.asAgent("note-taker", definition: noteTaker), topic)
print("recalled \(before) earlier notes")
print(note)
