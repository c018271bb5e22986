import AgoraCore
import AgoraRuntime
import AgoraTools
import AgoraTestSupport
import Foundation
import Testing

@Suite struct ProcessToolTests {
    /// Writes a tool folder with `script` as `run.sh` and returns the tool.
    func tool(_ script: String, timeout: Double = 10, maxOutput: Int = 65_536, env: [String] = [],
              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (ProcessTool, String) {
        let folder = temporaryFolder()
        let manifest: JSONValue = [
            "name": "probe", "description": "A test tool.", "command": ["./run.sh"],
            "input_schema": ["type": "object"], "timeout_seconds": .number(timeout), "max_output_bytes": .number(Double(maxOutput)),
            "env": .array(env.map(JSONValue.string)),
        ]
        try manifest.prettyJSON.write(toFile: folder + "/tool.json", atomically: true, encoding: .utf8)
        try ("#!/bin/sh\n" + script).write(toFile: folder + "/run.sh", atomically: true, encoding: .utf8)
        chmod(folder + "/run.sh", 0o755)
        return (try ProcessTool(folder: folder, environment: environment), folder)
    }

    func run(_ tool: ProcessTool, _ arguments: JSONValue = [:]) async throws -> ToolOutput {
        try await tool.callOffThePool(arguments)
    }

    @Test func argumentsGoInAsJSONAndJSONComesOut() async throws {
        let (probe, _) = try tool("read line; printf '{\"got\": %s}\\n' \"$line\"")
        #expect(try await run(probe, ["x": 1]) == .json(["got": ["x": 1]]))
    }

    @Test func plainTextOutputIsText() async throws {
        let (probe, _) = try tool("cat >/dev/null; echo hello world")
        #expect(try await run(probe) == .text("hello world"))
    }

    @Test func outputThatLooksLikeJSONButIsNotIsAnError() async throws {
        let (probe, _) = try tool("cat >/dev/null; echo '{\"broken\": '")
        await #expect { try await run(probe) } throws: { error in
            "\(error)".hasPrefix("probe produced unusable output: its output starts like JSON but does not parse")
        }
    }

    @Test func nonZeroExitReportsTheTailOfStderr() async throws {
        let (probe, _) = try tool("cat >/dev/null; i=0; while [ $i -lt 500 ]; do echo \"noise $i\" >&2; i=$((i+1)); done; echo 'the real problem' >&2; exit 3")
        await #expect { try await run(probe) } throws: { error in
            guard case ToolError.nonZeroExit(_, let status, let stderr) = error else { return false }
            return status == "exited with status 3" && stderr.hasSuffix("the real problem") && stderr.utf8.count <= 2_000
                && !stderr.contains("noise 1\n")
        }
    }

    @Test func timeoutKillsTheWholeProcessGroup() async throws {
        // The tool starts a grandchild and records its pid, then hangs; both must be gone after the timeout.
        let (probe, folder) = try tool("sleep 300 &\necho $! > \"$(dirname \"$0\")/grandchild.pid\"\nsleep 300\n", timeout: 0.5)
        let started = ContinuousClock.now
        await #expect(throws: ToolError.timedOut(tool: "probe", seconds: 0.5)) { try await run(probe) }
        #expect(ContinuousClock.now - started < .seconds(60))
        let text = try String(contentsOfFile: folder + "/grandchild.pid", encoding: .utf8)
        let grandchild = try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(Self.isGone(grandchild))
    }

    @Test func outputIsCappedAndTheToolStopped() async throws {
        let (probe, _) = try tool("cat >/dev/null; while true; do echo 0123456789; done", maxOutput: 1_000)
        let started = ContinuousClock.now
        guard case .text(let text) = try await run(probe) else { Issue.record("expected text"); return }
        #expect(text.hasPrefix("0123456789\n0123456789"))
        #expect(text.hasSuffix("[probe: output cut at 1000 bytes; the tool was stopped]"))
        #expect(text.utf8.count < 1_100)
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func onlyAllowedVariablesReachTheTool() async throws {
        let environment = ["PATH": "/usr/bin:/bin", "OPENAI_API_KEY": "sk-secret", "ALLOWED_ONE": "yes", "HOME": "/root"]
        let (probe, _) = try tool("cat >/dev/null; env | sort", env: ["ALLOWED_ONE", "NOT_SET"], environment: environment)
        guard case .text(let text) = try await run(probe) else { Issue.record("expected text"); return }
        let names = Set(text.split(separator: "\n").map { String($0.split(separator: "=")[0]) })
        #expect(!text.contains("sk-secret"))
        #expect(names.isSuperset(of: ["ALLOWED_ONE", "PATH", "LANG"]))
        #expect(names.isDisjoint(with: ["OPENAI_API_KEY", "HOME", "NOT_SET"]))
    }

    @Test func cancellationKillsTheTool() async throws {
        let (probe, _) = try tool("cat >/dev/null; sleep 300")
        let swarm = Swarm()
        let started = ContinuousClock.now
        await #expect(throws: (any Error).self) {
            try await swarm.run { context in try await context.call(probe, arguments: [:], timeout: .milliseconds(300)) }
        }
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func aMissingProgramIsAToolError() async throws {
        let folder = temporaryFolder()
        try #"{"name": "ghost", "command": ["no-such-program-here"]}"#.write(toFile: folder + "/tool.json", atomically: true, encoding: .utf8)
        await #expect { try await run(try ProcessTool(folder: folder)) } throws: { "\($0)".contains("cannot start 'no-such-program-here'") }
    }

    @Test func badManifestsAreReportedWithTheirFile() throws {
        let folder = temporaryFolder()
        try #"{"name": "x"}"#.write(toFile: folder + "/tool.json", atomically: true, encoding: .utf8)
        #expect { try ProcessTool(folder: folder) } throws: { "\($0)" == "\(folder)/tool.json: missing field 'command'" }
    }

    /// Gone, or a zombie waiting for a reaper that is not its killer.
    static func isGone(_ pid: pid_t) -> Bool {
        for _ in 0..<100 {
            if kill(pid, 0) != 0 { return true }
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
               let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] == "Z" { return true }
            usleep(20_000)
        }
        return false
    }
}

@Suite struct ShippedToolsTests {
    let tools: [String: ProcessTool]

    init() throws {
        tools = Dictionary(uniqueKeysWithValues: try ProcessTool.loadAll(folder: Repository.root.appendingPathComponent("Tools").path).map { ($0.spec.name, $0) })
    }

    @Test func transcriptStats() async throws {
        let stats = try #require(tools["transcript_stats"])
        let text = "[00:00:05] Alice: Hello there everyone.\n[00:01:10] Bob: Hi Alice, the budget is late.\n[00:02:00] Alice: Budget again."
        let output = try await stats.callOffThePool(["text": .string(text)])
        #expect(output == .json(["words": 11, "turns": 3, "speakers": 2, "words_by_speaker": ["Alice": 5, "Bob": 6], "span_seconds": 115]))
    }

    @Test func keywords() async throws {
        let keywords = try #require(tools["keywords"])
        let output = try await keywords.callOffThePool(
            ["text": "The budget meeting moved. Um, the budget review and the meeting notes: budget!", "k": 3])
        #expect(output == .json([["word": "budget", "count": 3], ["word": "meeting", "count": 2], ["word": "moved", "count": 1]]))
    }

    @Test func schemasRejectBadCallsBeforeAnythingRuns() {
        let box = ToolBox(tools: Array(tools.values))
        #expect(throws: ToolError.invalidArguments(tool: "keywords", problems: ["$.k: 0 is less than the minimum 1"])) {
            try box.prepare(ToolCall(id: "1", name: "keywords", arguments: #"{"text":"x","k":0}"#), agent: "root")
        }
    }
}
