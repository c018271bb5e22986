import CCurl
import Foundation
import Synchronization

/// One request in flight. Built on the caller's task, then touched only by the engine's loop thread, except for
/// the `cancelled` and `finished` flags.
final class CurlTransfer: @unchecked Sendable {
    enum Delivery {
        case buffered(CheckedContinuation<HTTPResponse, any Error>)
        case streaming(
            head: CheckedContinuation<HTTPStreamingResponse, any Error>?,
            body: AsyncThrowingStream<Data, any Error>.Continuation,
            stream: AsyncThrowingStream<Data, any Error>?
        )
    }

    let request: HTTPRequest
    var delivery: Delivery?
    let cancelled = Atomic<Bool>(false)
    let finished = Atomic<Bool>(false)

    // Loop-thread state.
    var handle: CurlHandle?
    var headerList: UnsafeMutablePointer<curl_slist>?
    var status = 0
    var headers: [HTTPHeader] = []
    var headComplete = false
    var body = Data()
    /// Body bytes received so far, buffered or streamed, against `request.maxResponseBytes`.
    var received = 0
    /// The body passed `request.maxResponseBytes`: the transfer was aborted for it.
    var overLimit = false

    init(request: HTTPRequest) {
        self.request = request
    }

    /// A header line from libcurl: a status line, a field, or the blank line that ends a block.
    func receiveHeader(_ line: UnsafeRawBufferPointer) {
        var end = line.count
        while end > 0, line[end - 1] == 0x0A || line[end - 1] == 0x0D { end -= 1 }
        if end == 0 {
            // 1xx answers are followed by the real head; only a final status completes it.
            if status >= 200 { headComplete = true; deliverHeadIfStreaming() }
            return
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<end]), as: UTF8.self)
        if text.hasPrefix("HTTP/") {
            let parts = text.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            headers.removeAll(keepingCapacity: true)
            headComplete = false
        } else if let colon = text.firstIndex(of: ":") {
            let name = String(text[..<colon])
            let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append(HTTPHeader(name, value))
        }
    }

    /// Takes a piece of the body; false when it would pass the response cap, which aborts the transfer (an endless
    /// body must fail, not grow until the allocator gives up).
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        received += bytes.count
        if received > request.maxResponseBytes {
            overLimit = true
            return false
        }
        switch delivery {
        case .buffered:
            body.append(contentsOf: bytes)
        case .streaming(_, let continuation, _):
            deliverHeadIfStreaming()
            continuation.yield(Data(bytes))
        case nil:
            break
        }
        return true
    }

    private func deliverHeadIfStreaming() {
        guard case .streaming(let head?, let continuation, let stream?) = delivery else { return }
        // Hold no reference to the stream once the caller has it: dropping it must end the transfer.
        delivery = .streaming(head: nil, body: continuation, stream: nil)
        head.resume(returning: HTTPStreamingResponse(status: status, headers: headers, body: stream))
    }

    /// Ends the transfer once: with the answer, or with an error.
    func complete(_ error: (any Error)?) {
        guard !finished.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // An answer without a body (or without a blank line after its head): its head goes out now.
        if error == nil { deliverHeadIfStreaming() }
        let delivery = self.delivery
        self.delivery = nil
        switch delivery {
        case .buffered(let continuation):
            if let error {
                continuation.resume(throwing: error)
            } else {
                continuation.resume(returning: HTTPResponse(status: status, headers: headers, body: body))
            }
        case .streaming(let head, let continuation, _):
            if let error {
                head?.resume(throwing: error)
                continuation.finish(throwing: error)
            } else {
                continuation.finish()
            }
        case nil:
            break
        }
        body = Data()
    }
}

/// An easy handle and the error buffer libcurl writes into, recycled between transfers.
final class CurlHandle {
    let easy: UnsafeMutableRawPointer
    let errorBuffer: UnsafeMutablePointer<CChar>

    init?() {
        guard let easy = curl_easy_init() else { return nil }
        self.easy = easy
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    var errorMessage: String { String(cString: errorBuffer) }

    func reset() {
        curl_easy_reset(easy)
        errorBuffer[0] = 0
    }

    deinit {
        curl_easy_cleanup(easy)
        errorBuffer.deallocate()
    }
}
