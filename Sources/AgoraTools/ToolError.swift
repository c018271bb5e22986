import AgoraCore

/// Why a tool call did not produce an answer. Every case reads as a sentence the model can act on: the agent loop
/// sends it back as the tool's result, prefixed `error:`, and the model may fix its call.
public enum ToolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The arguments were not JSON.
    case badJSON(String)
    /// The arguments were JSON but broke the tool's schema.
    case invalidArguments(tool: String, problems: [String])
    /// No tool of that name exists.
    case unknownTool(name: String, available: [String])
    /// The tool exists but this agent was not given it.
    case notPermitted(name: String, agent: String, available: [String])
    /// The tool ran and failed in a way it explained.
    case failed(tool: String, message: String)
    /// A process tool ran past its timeout; its process group was killed.
    case timedOut(tool: String, seconds: Double)
    /// A process tool exited with a non-zero status (or a signal); `stderr` is the tail of its error output.
    case nonZeroExit(tool: String, status: String, stderr: String)
    /// A tool's output could not be used (a process tool said JSON and wrote something else, say).
    case badOutput(tool: String, detail: String)

    public var description: String {
        switch self {
        case .badJSON(let reason):
            "the arguments are not valid JSON (\(reason)); send a JSON object matching the tool's input schema"
        case .invalidArguments(let tool, let problems):
            "the arguments do not match \(tool)'s input schema: " + problems.joined(separator: "; ")
        case .unknownTool(let name, let available):
            "there is no tool named '\(name)'; available tools: \(Self.list(available))"
        case .notPermitted(let name, let agent, let available):
            "agent \(agent) is not allowed to use tool '\(name)'; its tools are: \(Self.list(available))"
        case .failed(let tool, let message):
            "\(tool) failed: \(message)"
        case .timedOut(let tool, let seconds):
            "\(tool) timed out after \(Self.seconds(seconds)) s and was killed"
        case .nonZeroExit(let tool, let status, let stderr):
            "\(tool) \(status)" + (stderr.isEmpty ? "" : "; its error output ends with: \(stderr)")
        case .badOutput(let tool, let detail):
            "\(tool) produced unusable output: \(detail)"
        }
    }

    /// Package-wide: `delegate` (AgoraAgents) lists the agents there are the same way.
    package static func list(_ names: [String]) -> String { names.isEmpty ? "(none)" : names.joined(separator: ", ") }

    static func seconds(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }
}
