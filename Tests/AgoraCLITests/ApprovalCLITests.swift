import AgoraTestSupport
import Foundation
import Testing

/// Approval of tool calls through the CLI, as separate processes: pause, answer, resume; and the terminal prompt on a
/// real pseudo-terminal. The fixture server plays the model (it calls word_count with the text after the colon).
@Suite struct ApprovalCLITests {
    static let question = "How many words in: one two three"

    /// An agents folder whose researcher needs approval for word_count.
    func agents() throws -> URL {
        let folder = try FileManager.default.temporaryFolder()
        try """
            ---
            name: researcher
            description: Counts words.
            tools: [word_count]
            needs_approval: [word_count]
            max_turns: 3
            ---
            You count words.
            """.write(to: folder.appendingPathComponent("researcher.md"), atomically: true, encoding: .utf8)
        return folder
    }

    func model(_ server: FixtureServer, key: String) -> [String] {
        ["--backend", "openai", "--base-url", server.baseURL, "--model", "fixture", "--header", "X-Fixture: agent", "--header", "X-Fixture-Key: \(key)"]
    }

    /// The chat requests the fixture saw under `key`.
    func modelRequests(_ server: FixtureServer, key: String) async throws -> Int {
        let script = "import json, sys, urllib.request; print(sum(1 for e in json.load(urllib.request.urlopen(sys.argv[1])) if e['path'].endswith('/chat/completions')))"
        let process = try ChildProcess(URL(fileURLWithPath: "/usr/bin/env"),
                                       ["python3", "-c", script, "http://127.0.0.1:\(server.port)/_log?key=\(key)"], stdout: .pipe)
        let data = try await offThePool { [out = process.output!] in out.readDataToEndOfFile() }
        await process.exit(timeout: 60)
        return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func aPausedRunIsApprovedInAnotherProcessAndResumesWithoutAskingTheModelAgain() async throws {
        let server = try await offThePool { try FixtureServer() }
        defer { server.stop() }
        let agents = try agents()
        let workspace = agents.appendingPathComponent("workspace").path
        let paused = try await BuiltProduct.agora.run(
            ["ask", Self.question, "--agent", "researcher", "--agents", agents.path, "--run-id", "r1", "--workspace", workspace]
                + model(server, key: "pause"))
        #expect(paused.status == 75, "\(paused.stderr)")
        #expect(paused.stdout.isEmpty)
        #expect(paused.stderr.split(separator: "\n").count == 1, "\(paused.stderr)")
        #expect(paused.stderr.contains("agora approve r1 "), "\(paused.stderr)")
        #expect(try await modelRequests(server, key: "pause") == 1)

        let listed = try await BuiltProduct.agora.run(["approve", "r1", "--workspace", workspace])
        #expect(listed.status == 0, "\(listed.stderr)")
        let line = try #require(listed.stdout.split(separator: "\n").first)
        #expect(line.contains(#"Allow researcher to call word_count {"text": "one two three"}?"#), "\(listed.stdout)")
        let callID = String(line.split(separator: " ")[0])

        let approved = try await BuiltProduct.agora.run(["approve", "r1", callID, "--workspace", workspace])
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(try await BuiltProduct.agora.run(["approve", "r1", "--workspace", workspace]).stdout.contains("(approved)"))

        let resumed = try await BuiltProduct.agora.run(["resume", "r1", "--workspace", workspace])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains(#""words":3"#), "\(resumed.stdout)")
        // The first turn came from the journal: only the turn after the tool's result reached the model.
        #expect(try await modelRequests(server, key: "pause") == 2)
    }

    @Test func aDeniedCallReachesTheModelAsARefusal() async throws {
        let server = try await offThePool { try FixtureServer() }
        defer { server.stop() }
        let agents = try agents()
        let workspace = agents.appendingPathComponent("workspace").path
        let paused = try await BuiltProduct.agora.run(
            ["ask", Self.question, "--agent", "researcher", "--agents", agents.path, "--run-id", "r2", "--workspace", workspace]
                + model(server, key: "deny"))
        #expect(paused.status == 75, "\(paused.stderr)")
        let listed = try await BuiltProduct.agora.run(["deny", "r2", "--workspace", workspace])
        let callID = try #require(listed.stdout.split(separator: " ").first.map(String.init), "\(listed.stdout) \(listed.stderr)")
        #expect(try await BuiltProduct.agora.run(["deny", "r2", callID, "--workspace", workspace]).status == 0)
        let resumed = try await BuiltProduct.agora.run(["resume", "r2", "--workspace", workspace])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("the user denied this call to word_count"), "\(resumed.stdout)")
    }

    @Test func withoutATerminalOrADecisionTheCallFailsInOneLine() async throws {
        let server = try await offThePool { try FixtureServer() }
        defer { server.stop() }
        let result = try await BuiltProduct.agora.run(
            ["ask", Self.question, "--agent", "researcher", "--agents", try agents().path] + model(server, key: "none"))
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("--approve word_count"), "\(result.stderr)")
        let approved = try await BuiltProduct.agora.run(
            ["ask", Self.question, "--agent", "researcher", "--agents", try agents().path, "--approve", "word_count"] + model(server, key: "flag"))
        #expect(approved.stdout.contains(#""words":3"#), "\(approved.stdout) \(approved.stderr)")
    }

    /// The prompt on a real terminal: util-linux's `script` runs agora on a pseudo-terminal fed from our stdin.
    /// `y` approves, anything else denies, and end of input (^D) decides nothing: without a run id the run then fails.
    @Test(arguments: [("y\n", "approved"), ("n\n", "denied"), ("", "undecided")])
    func theTerminalAsksAndOnlyYesApproves(answer: String, outcome: String) async throws {
        let server = try await offThePool { try FixtureServer() }
        defer { server.stop() }
        let command = (["'\(BuiltProduct.agora.url.path)'", "ask", "'\(Self.question)'", "--agent", "researcher", "--agents", "'\(try agents().path)'"]
            + model(server, key: "tty").map { "'\($0)'" }).joined(separator: " ")
        let process = try ChildProcess(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], stdin: .pipe, stdout: .pipe)
        let (input, output) = (process.input!, process.output!)
        let watchdog = Task {
            try await Task.sleep(for: .seconds(60))
            process.signal(SIGKILL)  // bounded: a prompt nobody answers must not hang the suite
        }
        defer { watchdog.cancel() }
        // The answer is typed after the prompt is up; closing the input is end of input (no answer: denied).
        try await Task.sleep(for: .milliseconds(300))
        if !answer.isEmpty { input.write(Data(answer.utf8)) }
        try? await Task.sleep(for: .milliseconds(200))
        if answer.isEmpty { input.write(Data([4])) }  // ^D on the terminal
        let data = try await offThePool { output.readDataToEndOfFile() }
        try input.close()
        await process.exit(timeout: 60)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#"Allow researcher to call word_count {"text": "one two three"}? [y/N]"#), "\(text)")
        #expect(text.contains(#""words":3"#) == (outcome == "approved"), "\(text)")
        #expect(text.contains("the user denied this call") == (outcome == "denied"), "\(text)")
        #expect(text.contains("nobody could give it") == (outcome == "undecided"), "\(text)")
    }
}
