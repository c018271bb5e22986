import AgoraCore
import CCurl
import Foundation
import Synchronization

/// libcurl's global state, set up once per process before any handle exists.
enum CurlGlobal {
    static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}

/// The engine's event loop: one thread, one multi handle, every transfer of the engine.
///
/// Only `submit`, `cancel` and `stop` are called from other threads; they touch the inbox under its lock and
/// then call `curl_multi_wakeup`, the one libcurl call that is safe from another thread.
final class CurlLoop: @unchecked Sendable {
    private struct Inbox {
        var added: [CurlTransfer] = []
        var cancelled: [CurlTransfer] = []
        var stopping = false
    }

    private let multi: UnsafeMutableRawPointer
    private let inbox = Mutex(Inbox())
    /// Loop-thread state: transfers on the multi handle, keyed by their easy handle.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var idleHandles: [CurlHandle] = []
    private let maxIdleHandles: Int
    let activeCount = Atomic<Int>(0)

    init(maxConnections: Int) {
        precondition(CurlGlobal.initialized, "curl_global_init failed")
        multi = curl_multi_init()
        maxIdleHandles = maxConnections
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, maxConnections)
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    func start(name: String) {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    func submit(_ transfer: CurlTransfer) {
        // After `stop` the thread is gone or going: a transfer queued now would wait for ever.
        let accepted = inbox.withLock { box -> Bool in
            if box.stopping { return false }
            box.added.append(transfer)
            return true
        }
        guard accepted else {
            transfer.complete(CurlError(kind: .other, code: -1, message: "engine shut down", url: redactedURL(transfer.request.url)))
            return
        }
        curl_multi_wakeup(multi)
    }

    func cancel(_ transfer: CurlTransfer) {
        guard !transfer.finished.load(ordering: .acquiring) else { return }
        transfer.cancelled.store(true, ordering: .releasing)
        inbox.withLock { $0.cancelled.append(transfer) }
        curl_multi_wakeup(multi)
    }

    /// Fails every transfer in flight and ends the thread.
    func stop() {
        inbox.withLock { $0.stopping = true }
        curl_multi_wakeup(multi)
    }

    private func run() {
        var running: Int32 = 0
        while true {
            let (added, cancelled, stopping) = inbox.withLock { box in
                defer { box.added.removeAll(keepingCapacity: true); box.cancelled.removeAll(keepingCapacity: true) }
                return (box.added, box.cancelled, box.stopping)
            }
            for transfer in added { start(transfer) }
            for transfer in cancelled { finish(transfer, error: CancellationError()) }
            if stopping {
                for transfer in Array(active.values) {
                    finish(transfer, error: CurlError(kind: .other, code: -1, message: "engine shut down", url: redactedURL(transfer.request.url)))
                }
                idleHandles.removeAll()
                return
            }
            curl_multi_perform(multi, &running)
            var remaining: Int32 = 0
            while let message = curl_multi_info_read(multi, &remaining) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                    let transfer = active[easy]
                else { continue }
                let code = ccurl_msg_result(message)
                finish(transfer, error: code == CURLE_OK ? nil : error(for: code, transfer: transfer))
            }
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    private func start(_ transfer: CurlTransfer) {
        if transfer.cancelled.load(ordering: .acquiring) {
            transfer.complete(CancellationError())
            return
        }
        guard let handle = idleHandles.popLast() ?? CurlHandle() else {
            transfer.complete(CurlError(kind: .other, code: -1, message: "curl_easy_init failed", url: redactedURL(transfer.request.url)))
            return
        }
        transfer.handle = handle
        configure(handle, for: transfer)
        active[handle.easy] = transfer
        activeCount.add(1, ordering: .relaxed)
        curl_multi_add_handle(multi, handle.easy)
    }

    private func finish(_ transfer: CurlTransfer, error: (any Error)?) {
        guard let handle = transfer.handle else { return }
        transfer.handle = nil
        active[handle.easy] = nil
        activeCount.subtract(1, ordering: .relaxed)
        curl_multi_remove_handle(multi, handle.easy)
        if let list = transfer.headerList {
            curl_slist_free_all(list)
            transfer.headerList = nil
        }
        handle.reset()
        if idleHandles.count < maxIdleHandles { idleHandles.append(handle) }
        transfer.complete(error)
    }

    private func configure(_ handle: CurlHandle, for transfer: CurlTransfer) {
        let easy = handle.easy
        let request = transfer.request
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        _ = ccurl_easy_setopt_string(easy, CURLOPT_URL, request.url)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1)
        _ = ccurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, handle.errorBuffer)
        _ = ccurl_easy_setopt_callback(easy, CURLOPT_WRITEFUNCTION, curlWriteBody)
        _ = ccurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context)
        _ = ccurl_easy_setopt_callback(easy, CURLOPT_HEADERFUNCTION, curlWriteHeader)
        _ = ccurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context)

        let timeouts = request.timeouts
        _ = ccurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Int(timeouts.connect.inSeconds * 1000))
        if let limit = timeouts.request { _ = ccurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, max(1, Int(limit.inSeconds * 1000))) }
        if let stall = timeouts.stall {
            // Not just "no byte at all": a server dripping a byte a second would otherwise hold the request until the
            // whole-request limit.
            _ = ccurl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, max(1, timeouts.minimumSpeed))
            _ = ccurl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, max(1, Int(stall.inSeconds.rounded(.up))))
        }

        switch request.method {
        case .get: _ = ccurl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1)
        case .post: _ = ccurl_easy_setopt_long(easy, CURLOPT_POST, 1)
        case .put, .delete: _ = ccurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method.rawValue)
        }
        if let body = request.body {
            // POSTFIELDS would keep our pointer, which dies with this scope: let libcurl copy the bytes.
            _ = ccurl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            if body.isEmpty {
                _ = ccurl_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, "")
            } else {
                body.withUnsafeBytes { bytes in
                    _ = ccurl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                }
            }
        }

        var list: UnsafeMutablePointer<curl_slist>? = nil
        for header in request.headers { list = curl_slist_append(list, "\(header.name): \(header.value)") }
        // Without this, bodies over 1 KiB wait for a 100-continue that many servers never send.
        list = curl_slist_append(list, "Expect:")
        transfer.headerList = list
        _ = ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list)
    }

    private func error(for code: CURLcode, transfer: CurlTransfer) -> CurlError {
        let message = transfer.handle.map(\.errorMessage).flatMap { $0.isEmpty ? nil : $0 }
            ?? String(cString: curl_easy_strerror(code))
        if transfer.overLimit {
            return CurlError(
                kind: .tooLarge, code: Int(code.rawValue),
                message: ResourceLimit.responseBytes.exceeded("the response body", limit: transfer.request.maxResponseBytes),
                url: redactedURL(transfer.request.url)
            )
        }
        let kind: CurlError.Kind
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            kind = .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT:
            // The connect time reads 0 on a reused connection, so tell the three limits apart by libcurl's words.
            if message.contains("too slow") {
                kind = .stalled
            } else if message.hasPrefix("Connection timed out") || message.contains("Failed to connect") {
                kind = .connectTimeout
            } else {
                kind = .requestTimeout
            }
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE, CURLE_HTTP2_STREAM:
            kind = .connectionLost
        default:
            kind = .other
        }
        return CurlError(kind: kind, code: Int(code.rawValue), message: message, url: redactedURL(transfer.request.url))
    }
}

private let curlWriteBody: ccurl_data_callback = { data, size, count, context in
    let length = size * count
    guard let context, let data else { return length }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    // Returning less than was given makes libcurl abort the transfer with CURLE_WRITE_ERROR.
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

private let curlWriteHeader: ccurl_data_callback = { data, size, count, context in
    let length = size * count
    guard let context, let data else { return length }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

