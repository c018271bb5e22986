import AgoraAgents
import AgoraCore
import AgoraMemory
import AgoraRuntime
import AgoraTestKit
import AgoraTools
import Foundation
import Testing

@Suite struct ApprovalTests {
    let catalog = ToolBox(tools: [WordCountTool(), NowTool()])
    let definition = AgentDefinition(
        name: "researcher", instructions: "Count words.", backend: "test", tools: ["word_count"], needsApproval: ["word_count"], toolCalls: .json
    )
    let call = #"{"action": "word_count", "arguments": {"text": "river copper lantern"}}"#

    func journal() throws -> SQLiteRunJournal {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agora-approval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try SQLiteRunJournal(path: folder.appendingPathComponent("memory.sqlite").path)
    }

    @Test func aDeniedCallGoesBackAsARefusal() async throws {
        let model = ScriptedBackend(responses: [answer(call), answer(#"{"action": "final_answer", "answer": "I may not count."}"#)])
        let options = AgentLoopOptions(approver: ApprovalRules(denyUnapproved: true))
        let loop = AgentLoop(definition: definition, tools: catalog.restricted(to: definition.tools), options: options)
        let result = try await Swarm(backends: [model]).run(definition: definition) { try await loop.run(task: "Count", context: $0) }
        #expect(result == AgentLoopResult(answer: "I may not count.", stop: .answered, turns: 2, toolCalls: 1))
        let refusal = try #require(model.requests[1].messages.last?.content)
        #expect(refusal.hasPrefix("word_count returned: error: the user denied this call to word_count"))
        try model.assertComplete()
    }

    /// `"needs_approval": true` in a process tool's manifest: every agent's call of it is asked, whatever its file says.
    @Test func aToolsManifestCanAskForApproval() async throws {
        let folder = temporaryFolder()
        let manifest: JSONValue = ["name": "probe", "description": "Prints ok.", "command": ["./run.sh"], "needs_approval": true]
        try manifest.prettyJSON.write(toFile: folder + "/tool.json", atomically: true, encoding: .utf8)
        try "#!/bin/sh\ncat >/dev/null\necho ok\n".write(toFile: folder + "/run.sh", atomically: true, encoding: .utf8)
        chmod(folder + "/run.sh", 0o755)
        let probe = try ProcessTool(folder: folder)
        #expect(probe.needsApproval)
        let agent = AgentDefinition(name: "runner", backend: "test", tools: ["probe"], toolCalls: .json)
        let model = ScriptedBackend(responses: [
            answer(#"{"action": "probe", "arguments": {}}"#), answer(#"{"action": "final_answer", "answer": "not allowed"}"#),
        ])
        let loop = AgentLoop(definition: agent, tools: ToolBox(tools: [probe]), options: AgentLoopOptions(approver: ApprovalRules(denyUnapproved: true)))
        _ = try await Swarm(backends: [model]).run(definition: agent) { try await loop.run(task: "Run the probe", context: $0) }
        let refusal = try #require(model.requests[1].messages.last?.content)
        #expect(refusal.hasPrefix("probe returned: error: the user denied this call to probe"), "\(refusal)")
        try model.assertComplete()
    }

    @Test func withoutAJournalOrAnAnswerTheRunFailsAtOnce() async throws {
        let model = ScriptedBackend(responses: [answer(call)])
        let loop = AgentLoop(definition: definition, tools: catalog.restricted(to: definition.tools))
        do {
            _ = try await Swarm(backends: [model]).run(definition: definition) { try await loop.run(task: "Count", context: $0) }
            Issue.record("the run should have failed")
        } catch {
            let cause = (error as? AgentFailure)?.underlying ?? error
            #expect((cause as? ApprovalUnanswered)?.request.call.name == "word_count")
        }
    }

    @Test func aJournaledRunPausesAndResumesWithoutAskingAgain() async throws {
        let journal = try journal()
        let first = ScriptedBackend(responses: [answer(call)])
        let loop = AgentLoop(definition: definition, tools: catalog.restricted(to: definition.tools))
        var pending: ApprovalPending?
        do {
            _ = try await Swarm(runID: "r1", backends: [first], journal: journal).run(definition: definition) { try await loop.run(task: "Count", context: $0) }
        } catch let error as AgentFailure {
            pending = error.underlying as? ApprovalPending
        } catch let error as ApprovalPending {
            pending = error
        }
        let request = try #require(pending?.requests.first)
        #expect(request.question == #"Allow researcher to call word_count {"text": "river copper lantern"}?"#)
        #expect(first.requests.count == 1)
        // What `agora approve r1 ID` writes.
        let entry = try #require(try await journal.entries(runID: "r1").first { $0.key == ApprovalKeys.request(request.id) })
        try await journal.record(runID: "r1", path: entry.path, key: ApprovalKeys.decision(request.id), result: try JSONEncoder().encode(ApprovalDecision.approved))
        // A second process: the first turn comes from the journal, only the answer is asked.
        let second = ScriptedBackend(responses: [answer(#"{"action": "final_answer", "answer": "3 words"}"#)])
        let result = try await Swarm(runID: "r1", backends: [second], journal: journal).run(definition: definition) { try await loop.run(task: "Count", context: $0) }
        #expect(result == AgentLoopResult(answer: "3 words", stop: .answered, turns: 2, toolCalls: 1))
        #expect(second.requests.count == 1)
        #expect(second.requests[0].messages.last?.content.hasPrefix("The result of word_count: characters = 20; lines = 1; sentences = 1; words = 3.") == true)
        try second.assertComplete()
    }
}
