import Foundation
import Synchronization

/// Samples a llama.cpp server's `/slots` (each slot's `is_processing`) every `interval`: the server's own view
/// of how busy its slots were, beside the runtime's gate books.
///
/// It runs on a thread of its own with a plain blocking socket: the lab blocks the cooperative threads on
/// purpose, and a sampler that needed one of them would miss exactly the moments it is there to see.
final class ServerSlotSampler: Sendable {
    struct Reading: Sendable {
        var samples = 0
        var busySlotSamples = 0
        var slots = 0
        /// Busy slot-samples over slot-samples, 0...1.
        var utilisation: Double { samples == 0 || slots == 0 ? 0 : Double(busySlotSamples) / Double(samples * slots) }
    }

    private let host: String
    private let port: UInt16
    private let interval: Double
    private let reading = Mutex(Reading())
    private let stopped = Atomic<Bool>(false)

    /// `baseURL` is the server's OpenAI base (`http://HOST:PORT/v1`); nil when it is not plain http on a numeric
    /// address (the sampler reads loopback servers; https is not for it).
    init?(baseURL: String, interval: Double = 0.02) {
        guard let components = URLComponents(string: baseURL), components.scheme == "http", let host = components.host,
              let port = components.port, let port16 = UInt16(exactly: port) else { return nil }
        self.host = host == "localhost" ? "127.0.0.1" : host
        self.port = port16
        self.interval = interval
    }

    /// Starts sampling on its own thread.
    func start() {
        Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                let started = Date()
                // A failed sample (no /slots: not a llama.cpp server) is no sample; with none the table says n/a.
                if let busy = sampleOnce() {
                    reading.withLock {
                        $0.samples += 1
                        $0.busySlotSamples += busy.busy
                        $0.slots = busy.slots
                    }
                }
                let left = interval - Date().timeIntervalSince(started)
                if left > 0 { usleep(useconds_t(left * 1_000_000)) }
            }
        }.start()
    }

    /// Stops sampling and returns what it saw.
    func stop() -> Reading {
        stopped.store(true, ordering: .relaxed)
        return reading.withLock { $0 }
    }

    /// One `GET /slots`: how many slots are processing, of how many.
    private func sampleOnce() -> (busy: Int, slots: Int)? {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return nil }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return nil }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET /slots HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n".utf8)
        guard send(socket, request, request.count, 0) == request.count else { return nil }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while response.count < 1 << 20 {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response.append(contentsOf: buffer[0..<count])
        }
        guard let split = response.indices.dropLast(3).first(where: { response[$0...].starts(with: [13, 10, 13, 10]) }),
              String(decoding: response.prefix(12), as: UTF8.self).hasSuffix("200"),
              let slots = (try? JSONSerialization.jsonObject(with: Data(response[(split + 4)...]))) as? [[String: Any]]
        else { return nil }
        return (slots.filter { $0["is_processing"] as? Bool == true }.count, slots.count)
    }
}
