import AgoraCore

/// A tool of an MCP server, as Agora offers it to models: `server.tool`. Asynchronous (the call is a message over a
/// pipe), so it runs in place rather than on the tool pool.
public struct MCPTool: Tool {
    public let spec: ToolSpec
    /// The tool's name on its server.
    public let remoteName: String
    let connection: MCPServerConnection

    public func call(arguments: JSONValue) async throws -> ToolOutput {
        try await connection.call(remoteName, arguments: arguments)
    }
}

/// The MCP servers of a run: started together, their tools listed, shut down together when the run ends.
///
/// ```swift
/// let servers = try await MCPServers.start(try MCPConfiguration.load("Tools/mcp.json"))
/// defer { Task { await servers.shutdown() } }   // or await it at the end of the run
/// let catalog = ToolBox(tools: builtIns + servers.tools)
/// ```
public struct MCPServers: Sendable {
    public let connections: [MCPServerConnection]
    public let tools: [MCPTool]

    /// Starts every server of `configuration` and lists its tools; if one fails, those started are shut down.
    public static func start(_ configuration: MCPConfiguration) async throws -> MCPServers {
        var connections: [MCPServerConnection] = []
        var tools: [MCPTool] = []
        do {
            for server in configuration.servers {
                let connection = try await MCPServerConnection.start(server)
                connections.append(connection)
                tools += try await connection.tools()
            }
        } catch {
            for connection in connections { await connection.shutdown() }
            throw error
        }
        return MCPServers(connections: connections, tools: tools)
    }

    /// Starts every server of `configuration` that can be started and lists its tools; each one that cannot (it
    /// exits at once, never answers, sends garbage) is shut down and passed to `skipped`, and the rest go on without
    /// it: one broken server must not take every command that loads `Tools/mcp.json` down with it.
    public static func start(_ configuration: MCPConfiguration, skipping skipped: (any Error) -> Void) async -> MCPServers {
        var connections: [MCPServerConnection] = []
        var tools: [MCPTool] = []
        for server in configuration.servers {
            var started: MCPServerConnection?
            do {
                let connection = try await MCPServerConnection.start(server)
                started = connection
                tools += try await connection.tools()
                connections.append(connection)
            } catch {
                await started?.shutdown()
                skipped(error)
            }
        }
        return MCPServers(connections: connections, tools: tools)
    }

    public func shutdown() async {
        for connection in connections { await connection.shutdown() }
    }
}
