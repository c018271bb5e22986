import AgoraCore
import Foundation
import Logging
import MCP
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// The MCP stdio transport (one JSON-RPC message a line) over a server's pipes, with the bounds the SDK's
/// `StdioTransport` lacks: a line longer than `maxLineBytes` ends the connection with an error naming the limit
/// (the SDK's buffer grew with whatever the server wrote, and kept every byte it had sliced off), at most a few
/// messages wait for the client (a flood is read no faster than it is handled), and the end of the server's output
/// fails the stream (the SDK's client loop spins on a stream that merely finishes) and tells `onClose`.
actor MCPLineTransport: Transport {
    nonisolated let logger = Logger(label: "agora.mcp.transport", factory: { _ in SwiftLogNoOpLogHandler() })

    private let input: Int32
    private let output: Int32
    private let maxLineBytes: Int
    private let server: String
    private let onClose: @Sendable (MCPError) -> Void
    private var isConnected = false
    private let messages: AsyncThrowingStream<Data, any Swift.Error>
    private let continuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation

    /// - Parameters:
    ///   - input: the read end of the server's stdout; `output`, the write end of its stdin.
    ///   - onClose: called once, when the server's output ends or breaks a limit, with the error calls should get.
    init(server: String, input: Int32, output: Int32, maxLineBytes: Int = ResourceLimit.mcpLineBytes.value,
         onClose: @escaping @Sendable (MCPError) -> Void) {
        self.server = server
        self.input = input
        self.output = output
        self.maxLineBytes = max(1, maxLineBytes)
        self.onClose = onClose
        (messages, continuation) = AsyncThrowingStream.makeStream(bufferingPolicy: .bufferingOldest(16))
    }

    func connect() async throws {
        guard !isConnected else { return }
        for fd in [input, output] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        isConnected = true
        Task { await readLoop() }
    }

    func disconnect() async {
        guard isConnected else { return }
        isConnected = false
        continuation.finish()
    }

    func receive() -> AsyncThrowingStream<Data, any Swift.Error> { messages }

    func send(_ data: Data) async throws {
        guard isConnected else { throw MCPError(server: server, message: "is disconnected") }
        var message = data
        message.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < message.count {
            let written = message.withUnsafeBytes { write(output, $0.baseAddress! + offset, $0.count - offset) }
            if written > 0 {
                offset += written
            } else if written < 0, errno == EAGAIN || errno == EINTR {
                try await Task.sleep(for: .milliseconds(5))
            } else {
                // EPIPE (SIGPIPE is ignored by the CLI): the server is gone.
                throw MCPError(server: server, message: "cannot be written to: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Reads on the actor between sleeps, as the SDK does; `disconnect` stops it before the descriptors close.
    private func readLoop() async {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var line: [UInt8] = []
        while isConnected && !Task.isCancelled {
            let count = read(input, &chunk, chunk.count)
            if count == 0 { return end(MCPError(server: server, message: "closed its output")) }
            if count < 0 {
                if errno == EAGAIN || errno == EINTR {
                    try? await Task.sleep(for: .milliseconds(5))
                    continue
                }
                return end(MCPError(server: server, message: "cannot be read from: \(String(cString: strerror(errno)))"))
            }
            var start = 0
            for index in 0..<count where chunk[index] == UInt8(ascii: "\n") {
                line.append(contentsOf: chunk[start..<index])
                start = index + 1
                guard line.count <= maxLineBytes else { return end(tooLong()) }
                if !line.isEmpty {
                    let message = Data(line)
                    // A full buffer: wait for the client to take one rather than drop a message or hold a flood.
                    while case .dropped = continuation.yield(message), isConnected {
                        try? await Task.sleep(for: .milliseconds(1))
                    }
                }
                line.removeAll(keepingCapacity: line.count <= 1 << 16)
            }
            line.append(contentsOf: chunk[start..<count])
            if line.count > maxLineBytes { return end(tooLong()) }
        }
    }

    private func tooLong() -> MCPError {
        MCPError(server: server, message: ResourceLimit.mcpLineBytes.exceeded("a message line", limit: maxLineBytes))
    }

    private func end(_ error: MCPError) {
        guard isConnected else { return }
        isConnected = false
        onClose(error)
        continuation.finish(throwing: error)
    }
}
