import AgoraCore
import AgoraTools
import Foundation
import Testing

/// An MCP server that answers the handshake and the listing, then exits when a tool is called: the call fails at
/// once with the exit status, long before its timeout, and the next call fails without writing to the dead pipe.
@Suite struct MCPServerExitTests {
    static let script = #"""
        import json, sys
        for line in sys.stdin:
            message = json.loads(line)
            method, ident = message.get("method"), message.get("id")
            if method == "initialize":
                result = {"protocolVersion": message["params"]["protocolVersion"], "capabilities": {"tools": {}},
                          "serverInfo": {"name": "mortal", "version": "1"}}
            elif method == "tools/list":
                result = {"tools": [{"name": "die", "description": "Exits.", "inputSchema": {"type": "object"}}]}
            elif method == "tools/call":
                sys.exit(4)
            else:
                continue
            print(json.dumps({"jsonrpc": "2.0", "id": ident, "result": result}), flush=True)
        """#

    @Test func aServerThatExitsMidCallFailsTheCallAtOnce() async throws {
        let folder = temporaryFolder()
        try Self.script.write(toFile: folder + "/server.py", atomically: true, encoding: .utf8)
        let server = MCPConfiguration.Server(name: "mortal", command: ["python3", folder + "/server.py"], timeoutSeconds: 60)
        let servers = try await MCPServers.start(MCPConfiguration(servers: [server]))
        #expect(servers.tools.map(\.spec.name) == ["mortal.die"])
        let start = ContinuousClock.now
        await #expect { try await servers.tools[0].call(arguments: [:]) } throws: {
            "\($0)" == "MCP server 'mortal': exited with status 4 while calling die"
        }
        #expect(ContinuousClock.now - start < .seconds(30), "not the 60 s timeout")
        await #expect { try await servers.tools[0].call(arguments: [:]) } throws: {
            "\($0)" == "MCP server 'mortal': exited with status 4 before calling die"
        }
        await servers.shutdown()
    }
}
