import Foundation

/// The MCP servers a run connects to: `Tools/mcp.json`, or the file given with `--mcp`.
///
/// ```json
/// {"servers": [{"name": "example", "command": ["agora-mcp-example"], "env": ["EXAMPLE_TOKEN"], "timeout_seconds": 30}]}
/// ```
///
/// `command` is an argv array run without a shell; a first element with a `/` that is relative resolves against the
/// folder of the configuration file. `env` allows environment variables by name, as for process tools.
public struct MCPConfiguration: Sendable, Hashable, Codable {
    public struct Server: Sendable, Hashable, Codable {
        public var name: String
        public var command: [String]
        public var env: [String]
        /// Limit for connecting, listing and each call.
        public var timeoutSeconds: Double

        enum CodingKeys: String, CodingKey {
            case name, command, env
            case timeoutSeconds = "timeout_seconds"
        }

        public init(name: String, command: [String], env: [String] = [], timeoutSeconds: Double = 30) {
            self.name = name
            self.command = command
            self.env = env
            self.timeoutSeconds = timeoutSeconds
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            command = try container.decode([String].self, forKey: .command)
            env = try container.decodeIfPresent([String].self, forKey: .env) ?? []
            timeoutSeconds = try container.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? 30
        }
    }

    public var servers: [Server]

    public init(servers: [Server]) {
        self.servers = servers
    }

    /// Reads a configuration file; relative commands resolve against its folder.
    public static func load(_ path: String) throws -> MCPConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else { throw ToolConfigurationError(file: path, message: "cannot read the file") }
        var configuration: MCPConfiguration
        do {
            configuration = try JSONDecoder().decode(MCPConfiguration.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw ToolConfigurationError(file: path, message: "missing field '\(key.stringValue)'")
        } catch {
            throw ToolConfigurationError(file: path, message: "not a valid MCP configuration (expected {\"servers\": [{\"name\", \"command\": [...]}]})")
        }
        let folder = (path as NSString).deletingLastPathComponent
        var names = Set<String>()
        for index in configuration.servers.indices {
            let server = configuration.servers[index]
            guard !server.command.isEmpty else { throw ToolConfigurationError(file: path, message: "server '\(server.name)' has an empty command") }
            guard !server.name.isEmpty, !server.name.contains("."), !server.name.contains(where: \.isWhitespace) else {
                throw ToolConfigurationError(file: path, message: "'\(server.name)' is not a usable server name (no dots or spaces)")
            }
            guard names.insert(server.name).inserted else { throw ToolConfigurationError(file: path, message: "server '\(server.name)' is defined twice") }
            let program = server.command[0]
            if program.contains("/"), !program.hasPrefix("/") {
                let base = folder.isEmpty ? FileManager.default.currentDirectoryPath : (folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder)
                configuration.servers[index].command[0] = base + "/" + program
            }
        }
        return configuration
    }
}
