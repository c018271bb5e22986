import Foundation

/// The project's OpenAI-compatible fixture server (Tests/AgoraHTTPTests/Fixtures/fixture_server.py), started on
/// a free loopback port. It stops with `stop()`, or when this test process ends however it ends: the server
/// reads its stdin, a pipe held here, to the end.
public final class FixtureServer: Sendable {
    /// Why the server is not there: it printed no `PORT n` line.
    public struct StartFailure: Error, CustomStringConvertible {
        public var description: String
    }

    public static let script = Repository.root.appendingPathComponent("Tests/AgoraHTTPTests/Fixtures/fixture_server.py")

    public let port: Int
    private let process: Process
    private let stdin: Pipe

    public init() throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path, "0"]
        let stdout = Pipe()
        stdin = Pipe()
        process.standardOutput = stdout
        process.standardInput = stdin
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let data = stdout.fileHandleForReading.availableData
            guard !data.isEmpty else { throw StartFailure(description: "the fixture server exited before printing its port") }
            line.append(data)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text.replacingOccurrences(of: "PORT ", with: "")) else {
            throw StartFailure(description: "the fixture server printed '\(text)', not its port")
        }
        self.port = port
    }

    /// The OpenAI-compatible base URL, as `--base-url` takes it.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    public func stop() {
        process.terminate()
    }
}
