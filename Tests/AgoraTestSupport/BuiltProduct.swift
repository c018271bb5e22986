import Foundation

/// An executable product of this package (`agora`, an example), run as a real process the way a user runs it.
public struct BuiltProduct: Sendable {
    /// How a run ended and what it printed.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public static let agora = BuiltProduct("agora")

    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    /// The executable beside the test bundle, when the build put one there (nil otherwise).
    public var builtURL: URL? {
        // The bundle sits a few folders below the build folder, by platform (xctest bundle, swift-testing runner).
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// The executable to run: the built one, or where a debug build puts it.
    public var url: URL {
        builtURL ?? Repository.root.appendingPathComponent(".build/debug/\(name)")
    }

    /// Runs the product to its end. Output goes through files, not pipes: a chatty process cannot block on a full
    /// pipe while we wait for it to exit. The wait holds no thread of the cooperative pool.
    /// - Parameters:
    ///   - stdin: what the process reads; nothing (`/dev/null`) by default.
    ///   - directory: its working directory; the repository's root by default, so relative example paths work.
    ///   - environment: variables set on top of this process's environment.
    ///   - timeout: seconds after which the process is killed (its status is then SIGKILL's), so no test waits forever.
    public func run(_ arguments: [String], stdin: Data? = nil, in directory: URL? = nil, environment: [String: String] = [:],
                    timeout: Double = 300) async throws -> Result {
        let scratch = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("out")
        let err = scratch.appendingPathComponent("err")
        var input = ChildProcess.Stream.null
        if let stdin {
            let file = scratch.appendingPathComponent("in")
            try stdin.write(to: file)
            input = .file(file)
        }
        let child = try ChildProcess(url, arguments, in: directory, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
                                     stdin: input, stdout: .file(out), stderr: .file(err))
        let ending = await child.exit(timeout: timeout)
        return Result(
            status: ending.status,
            stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self)
        )
    }
}
