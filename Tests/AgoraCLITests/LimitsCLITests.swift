import AgoraTestSupport
import Foundation
import Testing

/// The CLI against inputs and children that would make it hold, wait or die: capped inputs, broken MCP servers, a
/// tool whose child escapes its process group. Each runs the built `agora`.
@Suite struct LimitsCLITests {
    let agora = BuiltProduct.agora

    func folder() throws -> URL { try FileManager.default.temporaryFolder() }

    func expectOneLineError(_ result: BuiltProduct.Result, _ expected: String) {
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "agora: \(expected)\n")
    }

    @Test func standardInputPastTheLimitIsAOneLineError() async throws {
        let text = Data(String(repeating: "Ann: we talked about the budget. ", count: 70_000).utf8)  // 2.3 MB
        let result = try await agora.run(["summarize", "-"], stdin: text, environment: ["AGORA_MAX_INPUT_BYTES": "1M"], timeout: 60)
        expectOneLineError(result, "Standard input passed the 1 MiB limit (set AGORA_MAX_INPUT_BYTES to raise it)")
    }

    @Test func theVariableRaisesTheLimit() async throws {
        let text = Data(String(repeating: "Ann: we talked about the budget. ", count: 70_000).utf8)
        let result = try await agora.run(["summarize", "-", "--words", "20"], stdin: text, environment: ["AGORA_MAX_INPUT_BYTES": "4M"], timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.isEmpty)
    }

    /// `agora summarize - < /dev/zero`, as the probe ran it: the default limit, then one line.
    @Test func endlessStandardInputStopsAtTheDefaultLimit() async throws {
        let process = try ChildProcess(agora.url, ["summarize", "-"], stdin: .file(URL(fileURLWithPath: "/dev/zero")), stderr: .pipe)
        let err = try #require(process.errors)
        let output = try await offThePool { err.readDataToEndOfFile() }  // ends when agora exits
        #expect(await process.exit(timeout: 120) == .exited(1))
        #expect(String(decoding: output, as: UTF8.self) == "agora: Standard input passed the 64 MiB limit (set AGORA_MAX_INPUT_BYTES to raise it)\n")
    }

    @Test func aPipelineInputFromStandardInputIsCappedToo() async throws {
        let text = Data(String(repeating: "Ann: we talked about the budget. ", count: 70_000).utf8)
        let result = try await agora.run(["run", "Examples/pipelines/brief.yaml", "--input", "transcript=-"], stdin: text,
                                   environment: ["AGORA_MAX_INPUT_BYTES": "1M"], timeout: 60)
        expectOneLineError(result, "Standard input (--input transcript=-) passed the 1 MiB limit (set AGORA_MAX_INPUT_BYTES to raise it)")
    }

    @Test func aBadLimitValueIsAOneLineError() async throws {
        let result = try await agora.run(["tools", "list"], environment: ["AGORA_MAX_RESPONSE_BYTES": "-5"], timeout: 60)
        expectOneLineError(result, "AGORA_MAX_RESPONSE_BYTES='-5': expected a whole number, optionally with K, M or G (e.g. 64M)")
    }

    /// Writes an MCP configuration of `servers` and runs `tools list` with it.
    func listTools(servers: String, environment: [String: String] = [:]) async throws -> BuiltProduct.Result {
        let scratch = try folder()
        let config = scratch.appendingPathComponent("mcp.json")
        try #"{"servers": [\#(servers)]}"#.write(to: config, atomically: true, encoding: .utf8)
        return try await agora.run(["tools", "list", "--tools", scratch.path, "--mcp", config.path], environment: environment, timeout: 120)
    }

    @Test func anMCPServerThatExitsAtOnceIsReportedAndSkipped() async throws {
        let example = BuiltProduct("agora-mcp-example").url.path
        let result = try await listTools(servers: #"""
            {"name": "broken", "command": ["sh", "-c", "exit 3"], "timeout_seconds": 20},
            {"name": "example", "command": ["\#(example)"], "timeout_seconds": 20}
            """#)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "agora: MCP server 'broken': exited with status 3 while connecting; going on without it\n")
        #expect(result.stdout.contains("read_file  "))
        #expect(result.stdout.contains("example.add  "), "the good server still serves")
    }

    @Test func anMCPLinePastTheLimitEndsThatServer() async throws {
        let result = try await listTools(servers: #"{"name": "zeros", "command": ["cat", "/dev/zero"], "timeout_seconds": 60}"#,
                                   environment: ["AGORA_MAX_MCP_LINE_BYTES": "1M"])
        #expect(result.status == 0)
        #expect(result.stderr == "agora: MCP server 'zeros': a message line passed the 1 MiB limit (set AGORA_MAX_MCP_LINE_BYTES to raise it) while connecting; going on without it\n")
    }

    /// A server flooding stdout with lines that are not JSON: read no faster than they are handled, so memory stays
    /// flat until the connect timeout. The peak RSS comes from GNU time.
    @Test func anMCPServerFloodingGarbageLinesDoesNotGrowMemory() async throws {
        let scratch = try folder()
        let config = scratch.appendingPathComponent("mcp.json")
        try #"{"servers": [{"name": "flood", "command": ["yes", "this is not JSON"], "timeout_seconds": 4}]}"#
            .write(to: config, atomically: true, encoding: .utf8)
        let process = try ChildProcess(URL(fileURLWithPath: "/usr/bin/time"),
                                       ["-f", "peak %M", agora.url.path, "tools", "list", "--tools", scratch.path, "--mcp", config.path],
                                       stderr: .pipe)
        // Ends when agora (bounded by its 4 s timeout) exits.
        let output = try await offThePool { [err = process.errors!] in err.readDataToEndOfFile() }
        await process.exit(timeout: 120)
        let text = String(decoding: output, as: UTF8.self)
        #expect(text.contains("MCP server 'flood': connecting took longer than 4 s; going on without it"), "\(text)")
        let peakKB = text.split(separator: "\n").last { $0.hasPrefix("peak ") }.flatMap { Int($0.dropFirst(5)) } ?? .max
        #expect(peakKB < 200 * 1024, "peak RSS \(peakKB / 1024) MiB")
    }

    /// A tool that starts a child in a session of its own (out of reach of the group kill) and returns: the child
    /// must not outlive the call.
    @Test func aChildThatLeftTheToolsSessionIsReaped() async throws {
        let tools = try folder()
        let tool = tools.appendingPathComponent("escape")
        try FileManager.default.createDirectory(at: tool, withIntermediateDirectories: true)
        try #"{"name": "escape", "description": "Leaves a child behind.", "command": ["./run.sh"], "timeout_seconds": 20}"#
            .write(to: tool.appendingPathComponent("tool.json"), atomically: true, encoding: .utf8)
        let pidFile = tool.appendingPathComponent("child.pid").path
        try """
            #!/bin/sh
            cat >/dev/null
            # The child closes every descriptor it inherited (the test runner watches one to see agora end), records
            # its pid and sleeps.
            ESCAPE='import os, sys, time
            os.closerange(3, 65536)
            open(sys.argv[1] + ".tmp", "w").write(str(os.getpid()))
            os.rename(sys.argv[1] + ".tmp", sys.argv[1])
            time.sleep(300)'
            
            setsid python3 -c "$ESCAPE" "\(pidFile)" </dev/null >/dev/null 2>&1 &
            i=0; while [ ! -s "\(pidFile)" ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i+1)); done
            echo started
            """.write(to: tool.appendingPathComponent("run.sh"), atomically: true, encoding: .utf8)
        chmod(tool.appendingPathComponent("run.sh").path, 0o755)
        let result = try await agora.run(["tools", "call", "escape", "--tools", tools.path], timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("started"))
        let text = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(pid_t(text))
        defer { kill(pid, SIGKILL) }
        // Reaped by agora before it exited; were it only orphaned, init would reap it but it would still be sleeping.
        var alive = kill(pid, 0) == 0
        let deadline = ContinuousClock.now + .seconds(5)
        while alive, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            alive = kill(pid, 0) == 0
        }
        #expect(!alive, "the setsid child \(pid) outlived the tool call")
    }
}
