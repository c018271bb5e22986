import AgoraAgents
import AgoraCore
import AgoraRuntime
import AgoraTestKit
import AgoraTestSupport
import AgoraTools
import Foundation
import Testing

/// Against `agora-mcp-example`, built by this package and run as a real child process over real pipes.
@Suite(.serialized) struct MCPTests {
    let server = MCPConfiguration.Server(name: "example", command: [BuiltProduct("agora-mcp-example").url.path], timeoutSeconds: 20)

    @Test func listsAndCallsToolsThenShutsDown() async throws {
        let servers = try await MCPServers.start(MCPConfiguration(servers: [server]))
        let connection = try #require(servers.connections.first)
        #expect(connection.isRunning)
        #expect(servers.tools.map(\.spec.name).sorted() == ["example.activity", "example.add", "example.echo", "example.slow"])
        let add = try #require(servers.tools.first { $0.spec.name == "example.add" })
        #expect(add.spec.inputSchema["required"] == ["a", "b"])
        #expect(try await add.call(arguments: ["a": 2, "b": 40]) == .text("42"))
        let echo = try #require(servers.tools.first { $0.spec.name == "example.echo" })
        #expect(try await echo.call(arguments: ["text": "héllo"]) == .text("héllo"))
        let slow = try #require(servers.tools.first { $0.spec.name == "example.slow" })
        #expect(try await slow.call(arguments: ["seconds": 0]) == .text("slept 0 s"))
        // A server-side error is a tool error.
        await #expect { try await add.call(arguments: ["a": "x"]) } throws: { "\($0)".contains("add needs two numbers") }
        await servers.shutdown()
        #expect(!connection.isRunning)
    }

    @Test func anAgentUsesMCPTools() async throws {
        let servers = try await MCPServers.start(MCPConfiguration(servers: [server]))
        let model = ScriptedBackend(responses: [calls(("example.add", #"{"a":1,"b":2}"#), ("example.echo", #"{"text":"hi"}"#)), answer("3 and hi")])
        let definition = AgentDefinition(name: "mcp-user", backend: "test", tools: ["example.*"])
        let loop = AgentLoop(definition: definition, tools: ToolBox(tools: servers.tools + [WordCountTool()]).restricted(to: definition.tools))
        let result = try await Swarm(backends: [model]).run(definition: definition) { try await loop.run(task: "go", context: $0) }
        await servers.shutdown()
        #expect(result.answer == "3 and hi")
        #expect(model.requests[0].tools.map(\.name) == ["example.activity", "example.add", "example.echo", "example.slow"])
        #expect(model.requests[1].messages.suffix(2).map(\.content) == ["3", "hi"])
    }

    @Test func aTimedOutCallIsCancelledOnTheServer() async throws {
        // Three seconds: short, yet room for the handshake on a loaded machine.
        let connection = try await MCPServerConnection.start(.init(name: "example", command: server.command, timeoutSeconds: 3))
        await #expect { try await connection.call("slow", arguments: ["seconds": 600]) } throws: {
            "\($0)" == "MCP server 'example': calling slow took longer than 3 s"
        }
        let activity = await ServerActivity.poll(connection) { $0.slow.stopped == 1 }
        await connection.shutdown()
        // Contains, not equals: under load an `activity` ask may itself time out and be cancelled.
        #expect(activity?.cancellations.contains { $0.reason == "timed out after 3 s" } == true)
        #expect(activity?.slow == .init(running: 0, stopped: 1, finished: 0))
    }

    @Test func cancellingTheCallingAgentCancelsItsCall() async throws {
        // A timeout far beyond the test, so that only the agent's cancellation can end the call.
        let connection = try await MCPServerConnection.start(.init(name: "example", command: server.command, timeoutSeconds: 600))
        let model = ScriptedBackend(responses: [calls(("example.slow", #"{"seconds":600}"#)), answer("unreachable")])
        let definition = AgentDefinition(name: "mcp-waiter", backend: "test", tools: ["example.slow"])
        let loop = AgentLoop(definition: definition, tools: ToolBox(tools: try await connection.tools()).restricted(to: definition.tools))
        let run = Task { try await Swarm(backends: [model]).run(definition: definition) { try await loop.run(task: "go", context: $0) } }
        let started = await ServerActivity.poll(connection) { $0.slow.running == 1 }
        #expect(started?.slow.running == 1)
        run.cancel()
        let activity = await ServerActivity.poll(connection) { $0.slow.stopped == 1 }
        await connection.shutdown()
        #expect(activity?.cancellations.map(\.reason) == ["cancelled"])
        #expect(activity?.slow == .init(running: 0, stopped: 1, finished: 0))
        await #expect(throws: CancellationError.self) { try await run.value }
    }

    @Test func aServerThatCannotStartIsAClearError() async throws {
        let broken = MCPConfiguration.Server(name: "ghost", command: ["/nonexistent/mcp-server"], timeoutSeconds: 5)
        await #expect { try await MCPServers.start(MCPConfiguration(servers: [broken])) } throws: {
            "\($0)".hasPrefix("MCP server 'ghost': cannot start '/nonexistent/mcp-server'")
        }
    }

    @Test func configurationFilesResolveRelativeCommands() throws {
        let folder = temporaryFolder()
        try #"{"servers": [{"name": "local", "command": ["./bin/server", "--flag"], "env": ["TOKEN"]}]}"#
            .write(toFile: folder + "/mcp.json", atomically: true, encoding: .utf8)
        let configuration = try MCPConfiguration.load(folder + "/mcp.json")
        #expect(configuration.servers == [.init(name: "local", command: [folder + "/./bin/server", "--flag"], env: ["TOKEN"])])
        try #"{"servers": [{"name": "a.b", "command": ["x"]}]}"#.write(toFile: folder + "/bad.json", atomically: true, encoding: .utf8)
        #expect { try MCPConfiguration.load(folder + "/bad.json") } throws: { "\($0)".contains("not a usable server name") }
    }
}
