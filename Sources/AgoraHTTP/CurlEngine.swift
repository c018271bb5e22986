import AgoraCore
import Foundation

/// An HTTP client on libcurl's multi interface: one event-loop thread carries every request of the engine,
/// with keep-alive connections reused between them.
///
/// ```swift
/// let engine = CurlEngine()
/// let response = try await engine.send(HTTPRequest(method: .post, url: url, body: json))
/// let streaming = try await engine.stream(request)
/// for try await chunk in streaming.body { parser.feed(chunk) }
/// ```
///
/// Cancelling the calling task (or abandoning a stream) removes the transfer from the loop at its next turn.
/// The thread ends when the engine is released or `shutdown()` is called.
public final class CurlEngine: RunnableService {
    private let loop: CurlLoop
    private let stopped = StopSignal()

    /// - Parameter maxConnections: the size of the keep-alive connection cache.
    public init(name: String = "agora.curl", maxConnections: Int = 1024) {
        loop = CurlLoop(maxConnections: maxConnections)
        loop.start(name: name)
    }

    deinit { loop.stop() }

    /// An engine shared by back ends that are not given one.
    public static let shared = CurlEngine(name: "agora.curl.shared")

    /// Transfers on the loop right now.
    public var inFlight: Int { loop.activeCount.load(ordering: .relaxed) }

    /// Fails whatever is in flight and ends the loop thread.
    public func shutdown() {
        loop.stop()
        stopped.fire()
    }

    /// The engine as a service: returns once it is shut down, and cancelling the calling task shuts it down.
    public func run() async throws {
        await stopped.run { self.shutdown() }
    }

    /// Sends a request and returns the whole answer, whatever its status. Throws `CurlError` when no answer came.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transfer = CurlTransfer(request: request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.delivery = .buffered(continuation)
                loop.submit(transfer)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
    }

    /// Sends a request and returns once the head has arrived; the body follows as chunks.
    public func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let transfer = CurlTransfer(request: request)
        let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        let loop = self.loop
        continuation.onTermination = { termination in
            if case .cancelled = termination { loop.cancel(transfer) }
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { head in
                transfer.delivery = .streaming(head: head, body: continuation, stream: stream)
                loop.submit(transfer)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
    }
}
