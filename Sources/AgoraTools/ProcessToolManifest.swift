import AgoraCore
import Foundation

/// A process tool's `tool.json`: what the model is told, and how to run it.
///
/// ```json
/// {
///   "name": "keywords",
///   "description": "The most distinctive words of a text.",
///   "input_schema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]},
///   "command": ["python3", "keywords.py"],
///   "timeout_seconds": 10,
///   "max_output_bytes": 65536,
///   "env": ["LANG"],
///   "needs_approval": false
/// }
/// ```
///
/// `command` is an argv array, run without a shell. Its first element is a program found on `PATH` or a path
/// relative to the tool's folder (`./run.sh`); later elements that name a file in the tool's folder are passed as
/// that file's absolute path.
public struct ProcessToolManifest: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    public var inputSchema: JSONValue
    public var command: [String]
    public var timeoutSeconds: Double
    public var maxOutputBytes: Int
    /// Names of environment variables the tool may see (besides `PATH` and `LANG`); nothing else is passed.
    public var env: [String]
    /// Whether every call waits for a person's yes first (as an agent file's `needs_approval:` does per agent).
    public var needsApproval: Bool

    enum CodingKeys: String, CodingKey {
        case name, description, command, env
        case needsApproval = "needs_approval"
        case inputSchema = "input_schema"
        case timeoutSeconds = "timeout_seconds"
        case maxOutputBytes = "max_output_bytes"
    }

    public init(name: String, description: String, inputSchema: JSONValue = ["type": "object"], command: [String],
                timeoutSeconds: Double = 30, maxOutputBytes: Int = 256 * 1024, env: [String] = [], needsApproval: Bool = false) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
        self.command = command
        self.timeoutSeconds = timeoutSeconds
        self.maxOutputBytes = maxOutputBytes
        self.env = env
        self.needsApproval = needsApproval
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        inputSchema = try container.decodeIfPresent(JSONValue.self, forKey: .inputSchema) ?? ["type": "object"]
        command = try container.decode([String].self, forKey: .command)
        timeoutSeconds = try container.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? 30
        maxOutputBytes = try container.decodeIfPresent(Int.self, forKey: .maxOutputBytes) ?? 256 * 1024
        env = try container.decodeIfPresent([String].self, forKey: .env) ?? []
        needsApproval = try container.decodeIfPresent(Bool.self, forKey: .needsApproval) ?? false
    }

    /// Reads and checks `folder/tool.json`.
    public static func load(folder: String) throws -> ProcessToolManifest {
        let file = folder + "/tool.json"
        guard let data = FileManager.default.contents(atPath: file) else { throw ToolConfigurationError(file: file, message: "cannot read the file") }
        let manifest: ProcessToolManifest
        do {
            manifest = try JSONDecoder().decode(ProcessToolManifest.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw ToolConfigurationError(file: file, message: "missing field '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ToolConfigurationError(file: file, message: "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type")
        } catch {
            throw ToolConfigurationError(file: file, message: "not valid JSON")
        }
        if manifest.command.isEmpty { throw ToolConfigurationError(file: file, message: "'command' must name a program") }
        if manifest.name.isEmpty || manifest.name.contains(where: { $0.isWhitespace || $0 == "/" }) {
            throw ToolConfigurationError(file: file, message: "'\(manifest.name)' is not a usable tool name")
        }
        if manifest.timeoutSeconds <= 0 { throw ToolConfigurationError(file: file, message: "'timeout_seconds' must be positive") }
        if manifest.maxOutputBytes <= 0 { throw ToolConfigurationError(file: file, message: "'max_output_bytes' must be positive") }
        if case .object = manifest.inputSchema {} else { throw ToolConfigurationError(file: file, message: "'input_schema' must be an object") }
        return manifest
    }
}

/// A tool description that cannot be used, with the file it is in.
public struct ToolConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
