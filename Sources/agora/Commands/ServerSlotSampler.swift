import AgoraHTTP
import Foundation
import Synchronization

/// Samples a llama.cpp server's `/slots` (each slot's `is_processing`) every `interval`: the server's own view
/// of how busy its slots were, beside the runtime's gate books.
final class ServerSlotSampler: Sendable {
    struct Reading: Sendable {
        var samples = 0
        var busySlotSamples = 0
        var slots = 0
        var failures = 0
        /// Busy slot-samples over slot-samples, 0...1.
        var utilisation: Double { samples == 0 || slots == 0 ? 0 : Double(busySlotSamples) / Double(samples * slots) }
    }

    private let url: String
    private let interval: Duration
    private let engine: CurlEngine
    private let reading = Mutex(Reading())

    /// `baseURL` is the server's OpenAI base (`http://HOST:PORT/v1`); `/slots` sits beside `/v1`.
    init(baseURL: String, interval: Duration = .milliseconds(20), engine: CurlEngine = .shared) {
        var root = baseURL
        while root.hasSuffix("/") { root.removeLast() }
        if root.hasSuffix("/v1") { root.removeLast(3) }
        self.url = root + "/slots"
        self.interval = interval
        self.engine = engine
    }

    /// Samples until cancelled; returns what it saw.
    func run() async -> Reading {
        while !Task.isCancelled {
            let started = ContinuousClock.now
            do {
                let response = try await engine.send(HTTPRequest(url: url, timeouts: HTTPTimeouts(connect: 2, request: 5, stall: nil)))
                let slots = (try? JSONSerialization.jsonObject(with: response.body)) as? [[String: Any]]
                if response.status == 200, let slots {
                    let busy = slots.filter { $0["is_processing"] as? Bool == true }.count
                    reading.withLock {
                        $0.samples += 1
                        $0.busySlotSamples += busy
                        $0.slots = slots.count
                    }
                } else {
                    reading.withLock { $0.failures += 1 }
                }
            } catch {
                reading.withLock { $0.failures += 1 }
            }
            try? await Task.sleep(until: started + interval, clock: .continuous)
        }
        return reading.withLock { $0 }
    }
}
