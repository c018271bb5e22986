import Foundation

#if canImport(Glibc)
import Glibc

/// The loopback server `agora bench http` measures against: one thread, epoll, keep-alive, canned answers
/// written at once, so that the client, not the server, is what the figures measure. It runs in a child
/// process (so the client's CPU time excludes it) and exits when its stdin closes.
enum HTTPBenchServer {
    static let completion = Array(
        #"{"id":"chatcmpl-bench","object":"chat.completion","model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"The quick brown fox jumps over the lazy dog."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":10,"total_tokens":22}}"#.utf8
    )

    static let streamEvents: [String] = {
        let head = #"{"id":"chatcmpl-bench","object":"chat.completion.chunk","model":"bench","choices":[{"index":0,"delta":"#
        var events = [head + #"{"role":"assistant","content":""},"finish_reason":null}]}"#]
        for word in ["The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog."] {
            events.append(head + #"{"content":"\#(word)"},"finish_reason":null}]}"#)
        }
        events.append(head + #"{},"finish_reason":"stop"}]}"#)
        events.append(#"{"id":"chatcmpl-bench","object":"chat.completion.chunk","model":"bench","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":10,"total_tokens":22}}"#)
        events.append("[DONE]")
        return events
    }()

    static let plainResponse: [UInt8] = Array(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(completion.count)\r\n\r\n".utf8
    ) + completion

    static let streamResponse: [UInt8] = {
        var bytes = Array("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        for event in streamEvents {
            let data = Array("data: \(event)\n\n".utf8)
            bytes += Array((String(data.count, radix: 16) + "\r\n").utf8) + data + Array("\r\n".utf8)
        }
        return bytes + Array("0\r\n\r\n".utf8)
    }()

    static let streamMarker = Array(#""stream":true"#.utf8)

    final class Connection {
        var input: [UInt8] = []
        var output: [UInt8] = []
        var written = 0
    }

    static func run(port: UInt16) -> Never {
        signal(SIGPIPE, SIG_IGN)
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                guard bind(listener, raw, length) == 0, listen(listener, 4096) == 0 else { fatalError("bind/listen failed: \(errno)") }
                getsockname(listener, raw, &length)
            }
        }
        let line = Array("PORT \(UInt16(bigEndian: address.sin_port))\n".utf8)
        _ = write(STDOUT_FILENO, line, line.count)

        // poll(2), not epoll: Glibc's module map leaves sys/epoll.h out, and at a thousand descriptors poll is
        // still far cheaper than the client it serves.
        var connections: [Int32: Connection] = [:]
        var buffer = [UInt8](repeating: 0, count: 65536)
        var descriptors: [pollfd] = []
        var dirty = true

        func close(_ fd: Int32) {
            connections[fd] = nil
            Glibc.close(fd)
            dirty = true
        }

        func flush(_ fd: Int32, _ connection: Connection) {
            while connection.written < connection.output.count {
                let sent = connection.output.withUnsafeBytes { bytes in
                    send(fd, bytes.baseAddress! + connection.written, bytes.count - connection.written, Int32(MSG_NOSIGNAL))
                }
                if sent < 0 {
                    if errno == EAGAIN { dirty = true; return }
                    close(fd)
                    return
                }
                connection.written += sent
            }
            if !connection.output.isEmpty { dirty = true }
            connection.output.removeAll(keepingCapacity: true)
            connection.written = 0
        }

        while true {
            if dirty {
                descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0), pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
                for (fd, connection) in connections {
                    let events = Int16(POLLIN) | (connection.output.isEmpty ? 0 : Int16(POLLOUT))
                    descriptors.append(pollfd(fd: fd, events: events, revents: 0))
                }
                dirty = false
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready <= 0 { continue }
            for index in descriptors.indices where descriptors[index].revents != 0 {
                let fd = descriptors[index].fd
                let revents = descriptors[index].revents
                descriptors[index].revents = 0
                if fd == STDIN_FILENO {
                    if read(STDIN_FILENO, &buffer, buffer.count) <= 0 { exit(0) }
                    continue
                }
                if fd == listener {
                    while true {
                        let client = accept(listener, nil, nil)
                        if client < 0 { break }
                        _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
                        var one: Int32 = 1
                        setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                        connections[client] = Connection()
                        dirty = true
                    }
                    continue
                }
                guard let connection = connections[fd] else { continue }
                if revents & Int16(POLLOUT) != 0 { flush(fd, connection) }
                guard connections[fd] != nil, revents & (Int16(POLLIN) | Int16(POLLHUP) | Int16(POLLERR)) != 0 else { continue }
                var closed = false
                while true {
                    let got = read(fd, &buffer, buffer.count)
                    if got > 0 { connection.input += buffer[0..<got]; continue }
                    if got == 0 || errno != EAGAIN { closed = true }
                    break
                }
                if closed { close(fd); continue }
                answerRequests(in: connection)
                if !connection.output.isEmpty { flush(fd, connection) }
            }
        }
    }

    /// Answers every complete request in the buffer: the streamed form when the body asks for it.
    static func answerRequests(in connection: Connection) {
        var start = 0
        let input = connection.input
        while let headEnd = find([13, 10, 13, 10], in: input, from: start) {
            let head = String(decoding: input[start..<headEnd], as: UTF8.self).lowercased()
            var length = 0
            if let range = head.range(of: "content-length:") {
                length = Int(head[range.upperBound...].prefix { $0 != "\r" }.trimmingCharacters(in: .whitespaces)) ?? 0
            }
            let bodyStart = headEnd + 4
            guard input.count >= bodyStart + length else { break }
            let streamed = find(streamMarker, in: input, from: bodyStart, to: bodyStart + length) != nil
            connection.output += streamed ? streamResponse : plainResponse
            start = bodyStart + length
        }
        if start > 0 { connection.input.removeFirst(start) }
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int, to end: Int? = nil) -> Int? {
        let end = end ?? bytes.count
        var index = start
        while index + needle.count <= end {
            if bytes[index] == needle[0] {
                var match = true
                for offset in 1..<needle.count where bytes[index + offset] != needle[offset] {
                    match = false
                    break
                }
                if match { return index }
            }
            index += 1
        }
        return nil
    }
}
#endif
