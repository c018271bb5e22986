import AgoraCore
import AgoraMemory
import AgoraTestSupport
import Foundation
import Testing

/// Kill a journaled run with SIGKILL part-way, resume it, and get what an uninterrupted run gives, without
/// redoing what had finished.
@Suite struct ResumeTests {
    /// About 25,000 words: the meeting example ten times over, each copy marked so no two segments match.
    func largeTranscript(in folder: URL) throws -> URL {
        let meeting = try String(contentsOfFile: Repository.transcript("meeting-launch-planning.txt"), encoding: .utf8)
        var text = ""
        for copy in 1...10 {
            text += meeting.split(separator: "\n").map { "\($0) (copy \(copy))" }.joined(separator: "\n") + "\n"
        }
        let file = folder.appendingPathComponent("long-meeting.txt")
        try Data(text.utf8).write(to: file)
        return file
    }

    func journalEntries(_ workspace: URL, run: String) async throws -> Int {
        let path = workspace.appendingPathComponent("memory.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        return try await SQLiteRunJournal(path: path).entries(runID: run).count
    }

    @Test func aKilledRunResumesWithoutRedoingFinishedAgents() async throws {
        let folder = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try largeTranscript(in: folder)
        // The model server answers deterministically, so runs can be compared.
        let server = try FixtureServer()
        defer { server.stop() }
        let model = ["--backend", "openai", "--base-url", server.baseURL, "--model", "fixture", "--endpoint-slots", "2",
                     "--header", "X-Fixture: first-line"]

        // The reference: the same run, uninterrupted.
        let reference = folder.appendingPathComponent("reference.json")
        let clean = try await BuiltProduct.agora.run(["summarize", input.path, "--format", "json", "--output", reference.path,
                                          "--run-id", "reference", "--workspace", folder.appendingPathComponent("w1").path] + model)
        #expect(clean.status == 0, "stderr: \(clean.stderr)")

        // The same run, killed part-way: the server answers its first 16 model calls (a few answers are asked twice), then holds every other one
        // while the hold file exists, so the run is certainly still going when it is killed, however loaded the
        // machine. The resumed run finds no hold file and goes through.
        let hold = folder.appendingPathComponent("hold")
        try Data().write(to: hold)
        let workspace = folder.appendingPathComponent("w2")
        let output = folder.appendingPathComponent("out.json")
        let trace = folder.appendingPathComponent("trace.jsonl")
        let process = try ChildProcess(BuiltProduct.agora.url, ["summarize", input.path, "--format", "json", "--output", output.path, "--run-id", "r1",
                             "--workspace", workspace.path, "--trace", trace.path] + model
            + ["--header", "X-Fixture-Hold-File: \(hold.path)", "--header", "X-Fixture-Hold-After: 16"])
        var recordedBeforeKill = 0
        let deadline = ContinuousClock.now + .seconds(120)
        while process.isRunning, ContinuousClock.now < deadline {
            recordedBeforeKill = (try? await journalEntries(workspace, run: "r1")) ?? 0
            if recordedBeforeKill >= 10 { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        try #require(process.isRunning, "the run finished before it could be killed")
        process.signal(SIGKILL)
        let ending = await process.exit()
        try FileManager.default.removeItem(at: hold)
        #expect(ending == .signalled(SIGKILL))
        #expect(!FileManager.default.fileExists(atPath: output.path), "a killed run wrote no output")
        recordedBeforeKill = try await journalEntries(workspace, run: "r1")
        #expect(recordedBeforeKill >= 10)

        // Resume: same arguments, recorded with the run.
        let resumed = try await BuiltProduct.agora.run(["resume", "r1", "--workspace", workspace.path])
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(try Data(contentsOf: output) == Data(contentsOf: reference), "the resumed digest differs from an uninterrupted run's")

        // What was recorded before the kill was replayed, not run again.
        let events = try String(contentsOf: trace, encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let replayed = Set(events.filter { $0["message"] as? String == "replayed from the run journal" }.compactMap { $0["agent"] as? String })
        let started = Set(events.filter { $0["event"] as? String == "agent_started" }.compactMap { $0["agent"] as? String })
        #expect(replayed.count >= recordedBeforeKill)
        #expect(replayed.isDisjoint(with: started), "a replayed agent was started again")
        let modelCalls = events.filter { $0["event"] as? String == "model_call_started" }.count
        let reference_ = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: reference)) as? [String: Any])
        let totalCalls = try #require((reference_["stats"] as? [String: Any])?["model_calls"] as? Int)
        #expect(modelCalls <= totalCalls - recordedBeforeKill, "no model call is paid twice")
    }

    @Test func resumingAnUnknownRunSaysWhichRunsExist() async throws {
        let folder = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = try await BuiltProduct.agora.run(["resume", "nope", "--workspace", folder.path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no run journal"))
        let first = try await BuiltProduct.agora.run(["summarize", Repository.transcript("talk-tool-latency.txt"), "--run-id", "talk-1",
                                          "--workspace", folder.path])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let unknown = try await BuiltProduct.agora.run(["resume", "talk-2", "--workspace", folder.path])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.split(separator: "\n").count == 1)
        #expect(unknown.stderr.contains("recent runs: talk-1"))
        let again = try await BuiltProduct.agora.run(["resume", "talk-1", "--workspace", folder.path])
        #expect(again.status == 0)
        #expect(again.stdout == first.stdout)
    }
}
