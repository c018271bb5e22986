// A writer and a critic take turns until the critic approves (at most four passes).
//
//   AGORA_BASE_URL=http://127.0.0.1:8080/v1 AGORA_MODEL=llama3 swift run WriterCritic "why tools must not block"
//   swift run WriterCritic --scripted
import Agora
import ExampleSupport

let writer = AgentDefinition(name: "writer", instructions: "Write one tight paragraph on the topic. If a critique is given, rewrite to answer it.")
let critic = AgentDefinition(name: "critic", instructions: "Name the weakest sentence of the draft and why. Answer APPROVED if nothing needs fixing.")

// Scripted: the writer numbers its drafts; the critic approves the second one.
let backend = Example.backend { request in
    let (system, user) = Example.messages(request)
    if system.hasPrefix("Write") {
        let pass = user.components(separatedBy: "Draft ").count
        return "Draft \(pass): a paragraph about \(user.split(separator: "\n").first ?? "")."
    }
    return user.hasPrefix("Draft 2") ? "APPROVED" : "The second sentence makes a claim without a number."
}

/// What the loop carries from pass to pass.
struct Work: Sendable {
    var topic: String
    var draft = ""
    var critique = ""
    var passes = 0
}

let pass = Step<Work, Work> { context, work in
    var work = work
    let brief = work.draft.isEmpty ? work.topic : "\(work.topic)\n\n\(work.draft)\n\nCritique: \(work.critique)"
    work.draft = try await Step.agent(writer).asAgent("pass-\(work.passes + 1)").body(context, brief)
    work.critique = try await Step.agent(critic).asAgent("review-\(work.passes + 1)").body(context, work.draft)
    work.passes += 1
    return work
}

let topic = Example.arguments.first ?? "why an agent runtime must never block the model on a tool"
let result = try await Swarm(backends: [backend]).run(Step.loop(max: 4, until: { $0.critique.contains("APPROVED") }, pass), Work(topic: topic))
print(result.draft)
print("\n(\(result.passes) passes; the critic said: \(result.critique))")
