import AgoraCore
import Foundation
import MCP
import SystemPackage
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One running MCP server: a child process spoken to over its stdin and stdout with the MCP Swift SDK.
///
/// ```swift
/// let server = try await MCPServerConnection.start(.init(name: "example", command: ["agora-mcp-example"]))
/// let tools = try await server.tools()         // MCPTool values named "example.echo", "example.add", …
/// await server.shutdown()
/// ```
///
/// The server runs in its own process group with only the allowed environment; `shutdown` disconnects the client and
/// kills the group. Stderr goes to /dev/null.
public final class MCPServerConnection: Sendable {
    public let configuration: MCPConfiguration.Server
    let client: Client
    let pid: pid_t
    private let stdinFD: Int32
    private let stdoutFD: Int32
    /// Cancellation notices still being sent, by a key of their own: `shutdown` stops them before it closes the
    /// descriptors they write to (a closed descriptor's number can be reused by another file).
    private let notices = Mutex<[UUID: Task<Void, Never>]>([:])
    /// Ends every wait at once when the server's output ends (it exited, or broke the line limit).
    private let lifeline: ServerLifeline

    private init(configuration: MCPConfiguration.Server, client: Client, pid: pid_t, stdinFD: Int32, stdoutFD: Int32, lifeline: ServerLifeline) {
        self.configuration = configuration
        self.client = client
        self.pid = pid
        self.stdinFD = stdinFD
        self.stdoutFD = stdoutFD
        self.lifeline = lifeline
    }

    /// Starts the server and performs the MCP handshake.
    public static func start(_ configuration: MCPConfiguration.Server, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> MCPServerConnection {
        let launched: ProcessLauncher.Launched
        do {
            launched = try ProcessLauncher.launch(
                argv: configuration.command, environment: ProcessLauncher.environment(allowing: configuration.env, from: environment),
                discardStderr: true
            )
        } catch {
            throw MCPError(server: configuration.name, message: "\(error)")
        }
        let lifeline = ServerLifeline(pid: launched.pid)
        let transport = MCPLineTransport(server: configuration.name, input: launched.stdout, output: launched.stdin) { lifeline.end($0) }
        let client = Client(name: "agora", version: "1.0.0")
        let connection = MCPServerConnection(
            configuration: configuration, client: client, pid: launched.pid, stdinFD: launched.stdin, stdoutFD: launched.stdout, lifeline: lifeline
        )
        do {
            try await withTimeout(configuration.timeoutSeconds, server: configuration.name, what: "connecting", lifeline: lifeline) {
                _ = try await client.connect(transport: transport)
            }
        } catch {
            // A server that exits at once fails the handshake's write or read: say that, not the pipe's errno. Asked
            // before the shutdown, which would make any server look exited.
            let ended = lifeline.ended?.message ?? ServerLifeline.exitDescription(launched.pid)
            await connection.shutdown()
            if let ended { throw MCPError(server: configuration.name, message: "\(ended) while connecting") }
            throw error
        }
        return connection
    }

    /// The server's tools, wrapped as Agora tools named `server.tool`.
    public func tools() async throws -> [MCPTool] {
        var all: [MCP.Tool] = []
        var cursor: String?
        repeat {
            let page = try await withTimeout(configuration.timeoutSeconds, server: configuration.name, what: "listing tools", lifeline: lifeline) { [client, cursor] in
                try await client.listTools(cursor: cursor)
            }
            all += page.tools
            cursor = page.nextCursor
        } while cursor != nil
        return all.map { tool in
            MCPTool(
                spec: ToolSpec(name: "\(configuration.name).\(tool.name)", description: tool.description ?? "",
                               inputSchema: JSONValue(mcp: tool.inputSchema)),
                remoteName: tool.name, connection: self
            )
        }
    }

    /// Calls a tool of the server by its own name.
    ///
    /// A call given up on, after `timeoutSeconds` or because the caller is cancelled, is cancelled on the server too
    /// (`notifications/cancelled` with the call's id and a reason), so that the server can stop working on it.
    public func call(_ name: String, arguments: JSONValue) async throws -> ToolOutput {
        let mcpArguments: [String: MCP.Value]? = if case .object(let object) = arguments { object.mapValues(\.mcpValue) } else { nil }
        try Task.checkCancellation()
        // A server gone fails at once, without a write to its closed pipe.
        if let ended = lifeline.ended { throw MCPError(server: configuration.name, message: "\(ended.message) before calling \(name)") }
        let request: RequestContext<CallTool.Result> = try await client.callTool(name: name, arguments: mcpArguments)
        let result: CallTool.Result
        do {
            result = try await withTimeout(configuration.timeoutSeconds, server: configuration.name, what: "calling \(name)", lifeline: lifeline) {
                try await request.value
            }
        } catch {
            // Any answer, even an error, ends the call on the server; only our giving up leaves it running there: the
            // caller's cancellation, or the timeout (the one `MCPError` withTimeout throws).
            if lifeline.ended != nil {
                // Nobody is left to tell.
            } else if Task.isCancelled {
                cancel(request.requestID, reason: "cancelled")
            } else if error is MCPError {
                cancel(request.requestID, reason: "timed out after \(ToolError.seconds(configuration.timeoutSeconds)) s")
            }
            throw error
        }
        let text = result.content.map { item -> String in
            switch item {
            case .text(let text, _, _): text
            case .image(_, let mimeType, _, _): "[image \(mimeType)]"
            case .audio(_, let mimeType, _, _): "[audio \(mimeType)]"
            case .resource(let resource, _, _): "[resource \(resource.uri)]"
            case .resourceLink(let uri, let name, _, _, _, _): "[resource link \(name): \(uri)]"
            }
        }.joined(separator: "\n")
        if result.isError == true { throw ToolError.failed(tool: "\(configuration.name).\(name)", message: text) }
        return .text(text)
    }

    /// Tells the server to stop working on a call given up on. Best effort and not awaited, so that the caller's error
    /// comes at once and unchanged (a server that stops reading its stdin could block the write). In a task of its own
    /// because the caller may be cancelled, and the transport retries a full pipe by sleeping, which a cancelled task
    /// cannot. `cancelRequest` also ends the SDK's wait for the answer, which would otherwise last until one comes.
    private func cancel(_ id: MCP.ID, reason: String) {
        let key = UUID()
        notices.withLock { notices in
            notices[key] = Task { [client, weak self] in
                try? await client.cancelRequest(id, reason: reason)
                _ = self?.notices.withLock { $0.removeValue(forKey: key) }
            }
        }
    }

    /// Disconnects and kills the server's process group. Safe to call more than once.
    public func shutdown() async {
        await client.disconnect()
        let pending = notices.withLock { notices in
            defer { notices.removeAll() }
            return Array(notices.values)
        }
        for notice in pending {
            notice.cancel()
            await notice.value
        }
        ProcessLauncher.terminate(pid)
        close(stdinFD)
        close(stdoutFD)
    }

    /// Why the server is gone (it exited, or broke a limit), or nil while it is there.
    public var ended: String? { lifeline.ended.map(\.description) }

    /// True while the server's process is alive (for tests).
    public var isRunning: Bool { kill(pid, 0) == 0 }
}

/// A failure talking to an MCP server, naming it.
public struct MCPError: Error, Sendable, Hashable, CustomStringConvertible {
    public var server: String
    public var message: String

    public var description: String { "MCP server '\(server)': \(message)" }
}

/// Runs `work`, failing with an `MCPError` if it takes longer than `seconds`, or with `CancellationError` if the caller
/// is cancelled first. Either way it returns at once: `work` is cancelled but not waited for, because the SDK's requests
/// ignore cancellation and end only when the server answers (a stuck server never does).
///
/// With a `lifeline`, the end of the server also ends the wait, with why it ended.
func withTimeout<T: Sendable>(
    _ seconds: Double, server: String, what: String, lifeline: ServerLifeline? = nil, _ work: @escaping @Sendable () async throws -> T
) async throws -> T {
    // The first of the work's outcome, the timer's error and the server's end finishes the stream; what comes after is dropped.
    let (outcome, continuation) = AsyncThrowingStream<T, any Error>.makeStream()
    let waiter = lifeline?.onEnd { ended in
        continuation.finish(throwing: MCPError(server: server, message: "\(ended.message) while \(what)"))
    }
    defer { if let waiter { lifeline?.remove(waiter) } }
    let worker = Task {
        do {
            continuation.yield(try await work())
            continuation.finish()
        } catch {
            continuation.finish(throwing: error)
        }
    }
    let timer = Task {
        try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
        continuation.finish(throwing: MCPError(server: server, message: "\(what) took longer than \(ToolError.seconds(seconds)) s"))
    }
    defer {
        worker.cancel()
        timer.cancel()
    }
    // A cancelled caller ends the iteration without a value.
    for try await value in outcome { return value }
    throw CancellationError()
}

extension JSONValue {
    init(mcp value: MCP.Value) {
        switch value {
        case .null: self = .null
        case .bool(let bool): self = .bool(bool)
        case .int(let int): self = .number(Double(int))
        case .double(let double): self = .number(double)
        case .string(let string): self = .string(string)
        case .data(let mimeType, let data): self = .string("data:\(mimeType ?? "application/octet-stream");base64,\(data.base64EncodedString())")
        case .array(let array): self = .array(array.map(JSONValue.init(mcp:)))
        case .object(let object): self = .object(object.mapValues(JSONValue.init(mcp:)))
        }
    }

    var mcpValue: MCP.Value {
        switch self {
        case .null: .null
        case .bool(let bool): .bool(bool)
        case .number(let number): number.rounded() == number && abs(number) < 1e15 ? .int(Int(number)) : .double(number)
        case .string(let string): .string(string)
        case .array(let array): .array(array.map(\.mcpValue))
        case .object(let object): .object(object.mapValues(\.mcpValue))
        }
    }
}
