import Agora
import AgoraTestKit
import Foundation

/// What every example shares: choosing between the scripted back end (`--scripted` or `AGORA_SCRIPTED=1`), the
/// local extractive back end, and an OpenAI-compatible server (`AGORA_BASE_URL`, `AGORA_MODEL`).
public enum Example {
    public static var arguments: [String] { Array(CommandLine.arguments.dropFirst()).filter { $0 != "--scripted" } }

    public static var scripted: Bool {
        CommandLine.arguments.contains("--scripted") || ProcessInfo.processInfo.environment["AGORA_SCRIPTED"] == "1"
    }

    /// The scripted back end answering with `reply`, or a real one: `local` (extractive) when `localWorks`, else
    /// the server named by the environment. Exits with a one-line message when there is none.
    public static func backend(localWorks: Bool = false, reply: @escaping @Sendable (ModelRequest) -> String) -> any ModelBackend {
        if scripted { return ScriptedBackend(id: "test", respond: { ModelResponse(text: reply($0)) }) }
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["AGORA_BASE_URL"], let model = environment["AGORA_MODEL"] {
            return OpenAIBackend(OpenAIConfiguration(model: model, baseURLs: [url]))
        }
        if localWorks { return ExtractiveBackend() }
        fail("this example needs a language model: set AGORA_BASE_URL and AGORA_MODEL, or pass --scripted")
    }

    /// The system and user messages of a request, for scripted replies.
    public static func messages(_ request: ModelRequest) -> (system: String, user: String) {
        (request.messages.first { $0.role == .system }?.content ?? "", request.messages.last { $0.role == .user }?.content ?? "")
    }

    /// A transcript shipped in Examples/transcripts (the examples run from the repository's root).
    public static func transcript(_ name: String = "talk-tool-latency.txt") -> String {
        let path = arguments.first { !$0.hasPrefix("-") } ?? "Examples/transcripts/\(name)"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fail("cannot read '\(path)'") }
        return text
    }

    public static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        exit(1)
    }
}
