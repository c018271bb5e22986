import AgoraCore
import Foundation

/// A tool that is a program: described by `Tools/<name>/tool.json`, run without a shell for each call.
///
/// The arguments go to its stdin as JSON; its stdout is the result (JSON if it parses as JSON, else text). It runs in
/// its own process group, which is killed at the timeout, on cancellation, when its output passes the cap, and after
/// it exits (nothing it started outlives the call). A non-zero exit is a tool error quoting the end of its stderr.
/// Its environment holds `PATH`, `LANG` and the variables its manifest allows by name, nothing else: API keys in
/// Agora's own environment never reach it unless allowed.
public struct ProcessTool: BlockingTool {
    public let manifest: ProcessToolManifest
    /// The tool's folder (absolute): relative paths in `command` resolve against it.
    public let folder: String
    private let environment: [String: String]

    /// - Parameter environment: where allowed variables are taken from; the process's own by default.
    public init(manifest: ProcessToolManifest, folder: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.manifest = manifest
        self.folder = folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder
        self.environment = environment
    }

    /// Loads the tool of `folder/tool.json`.
    public init(folder: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.init(manifest: try ProcessToolManifest.load(folder: folder), folder: folder, environment: environment)
    }

    public var spec: ToolSpec { ToolSpec(name: manifest.name, description: manifest.description, inputSchema: manifest.inputSchema) }
    public var needsApproval: Bool { manifest.needsApproval }

    /// The argv actually run.
    public var argv: [String] {
        manifest.command.enumerated().map { index, argument in
            if argument.hasPrefix("/") { return argument }
            let candidate = folder + "/" + argument
            if index == 0 {
                return argument.contains("/") ? candidate : argument
            }
            return FileManager.default.fileExists(atPath: candidate) ? candidate : argument
        }
    }

    /// The environment the tool gets.
    public var childEnvironment: [String: String] {
        ProcessLauncher.environment(allowing: manifest.env, from: environment)
    }

    public func callBlocking(arguments: JSONValue, cancellation: ToolCancellation) throws -> ToolOutput {
        let process = Subprocess(
            argv: argv, environment: childEnvironment, input: Data((arguments.compactJSON + "\n").utf8),
            timeout: manifest.timeoutSeconds, maxOutputBytes: manifest.maxOutputBytes
        )
        let outcome: Subprocess.Outcome
        do {
            outcome = try process.run(cancellation: { kill in cancellation.onCancel(kill) })
        } catch {
            throw ToolError.failed(tool: manifest.name, message: "\(error)")
        }
        if cancellation.isCancelled { throw CancellationError() }
        let stderr = String(decoding: outcome.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        switch outcome.ending {
        case .timedOut:
            throw ToolError.timedOut(tool: manifest.name, seconds: manifest.timeoutSeconds)
        case .exited(let code) where code != 0 && !outcome.outputCapped:
            throw ToolError.nonZeroExit(tool: manifest.name, status: "exited with status \(code)", stderr: stderr)
        case .signalled(let signal) where !outcome.outputCapped:
            throw ToolError.nonZeroExit(tool: manifest.name, status: "was killed by signal \(signal)", stderr: stderr)
        default:
            break
        }
        let text = String(decoding: outcome.stdout, as: UTF8.self)
        if outcome.outputCapped {
            return .text(text + "\n[\(manifest.name): output cut at \(manifest.maxOutputBytes) bytes; the tool was stopped]")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") {
            guard let value = try? JSONValue.parse(trimmed) else {
                throw ToolError.badOutput(tool: manifest.name, detail: "its output starts like JSON but does not parse: \(trimmed.prefix(200))")
            }
            return .json(value)
        }
        return .text(trimmed)
    }

    /// Every tool of a tools folder: each sub-folder with a `tool.json`. Throws on the first unusable description.
    public static func loadAll(folder: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [ProcessTool] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return try names.sorted().compactMap { name in
            let sub = folder + "/" + name
            guard FileManager.default.fileExists(atPath: sub + "/tool.json") else { return nil }
            return try ProcessTool(folder: sub, environment: environment)
        }
    }
}
