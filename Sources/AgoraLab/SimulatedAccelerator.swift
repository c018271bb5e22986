import AgoraCore
import Foundation

/// A model back end that behaves like a batched model server, with no GPU: requests take the time the
/// `AcceleratorProfile` says, and the answer is text of the requested length.
///
/// Like a real device it runs on its own thread with its own clock. Callers hand a request over and suspend;
/// the device thread advances an `AcceleratorSchedule` in real time, sleeps until the next request is due to
/// finish, and resumes the callers whose requests finished. Its books (busy time per slot, tokens, energy)
/// come from the schedule, so they stay true even when every thread that runs agents is blocked: a slot that
/// finished its request is idle from that instant, whether or not the agent got a thread to hear about it.
///
/// ```swift
/// let device = SimulatedAccelerator(profile: AcceleratorProfile(slots: 8))
/// defer { device.shutdown() }
/// let swarm = Swarm(backends: [device])
/// ```
public final class SimulatedAccelerator: ModelBackend, RunnableService, @unchecked Sendable {
    public let id: String
    public let profile: AcceleratorProfile
    public var slots: Int { profile.slots }
    /// Output tokens when a request sets no `maxOutputTokens`.
    public let defaultOutputTokens: Int
    /// Time zero of the device's clock.
    public let epoch: ContinuousClock.Instant

    private let condition = NSCondition()
    private let ended = StopSignal()
    // Guarded by `condition`.
    private var schedule: AcceleratorSchedule
    private var inbox: [Arrival] = []
    private var waiters: [UInt64: CheckedContinuation<ModelResponse, any Error>] = [:]
    private var cancelled: [UInt64] = []
    private var nextID: UInt64 = 0
    private var stopped = false

    private struct Arrival {
        var id: UInt64
        var input: Int
        var output: Int
        var time: Double
    }

    public init(id: String = "sim:accelerator", profile: AcceleratorProfile = AcceleratorProfile(), defaultOutputTokens: Int = 16) {
        self.id = id
        self.profile = profile
        self.defaultOutputTokens = defaultOutputTokens
        self.schedule = AcceleratorSchedule(profile: profile)
        self.epoch = .now
        let thread = Thread { [self] in deviceLoop() }
        thread.name = "sim-accelerator"
        thread.stackSize = 256 << 10
        thread.start()
    }

    /// Seconds on the device's clock at `instant`.
    public func time(of instant: ContinuousClock.Instant = .now) -> Double {
        (instant - epoch).inSeconds
    }

    /// Tokens a request's messages count for: four bytes a token, at least one.
    public static func inputTokens(of request: ModelRequest) -> Int {
        max(1, (request.messages.reduce(0) { $0 + $1.content.utf8.count } + 3) / 4)
    }

    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        let input = Self.inputTokens(of: request)
        let output = max(0, request.maxOutputTokens ?? defaultOutputTokens)
        let id = condition.withLock { () -> UInt64 in
            nextID += 1
            return nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ModelResponse, any Error>) in
                let refused: (any Error)? = condition.withLock {
                    if stopped { return CancellationError() }
                    if Task.isCancelled { return CancellationError() }
                    waiters[id] = continuation
                    inbox.append(Arrival(id: id, input: input, output: output, time: time()))
                    condition.signal()
                    return nil
                }
                if let refused { continuation.resume(throwing: refused) }
            }
        } onCancel: {
            let waiter = condition.withLock { () -> CheckedContinuation<ModelResponse, any Error>? in
                guard let waiter = waiters.removeValue(forKey: id) else { return nil }
                if let queued = inbox.firstIndex(where: { $0.id == id }) {
                    inbox.remove(at: queued)
                } else {
                    cancelled.append(id)
                    condition.signal()
                }
                return waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// What the device has done from time zero until `time` (or now), measured on its own clock.
    public func statistics(until time: Double? = nil) -> AcceleratorStatistics {
        condition.withLock {
            let end = max(schedule.now, time ?? self.time())
            var copy = schedule
            _ = copy.advance(to: end)
            return AcceleratorStatistics(profile: profile, seconds: end, schedule: copy)
        }
    }

    /// Stops the device thread; requests still running fail with `CancellationError`.
    public func shutdown() {
        let orphans = condition.withLock { () -> [CheckedContinuation<ModelResponse, any Error>] in
            stopped = true
            condition.signal()
            defer { waiters.removeAll() }
            return Array(waiters.values)
        }
        for orphan in orphans { orphan.resume(throwing: CancellationError()) }
        ended.fire()
    }

    /// The device as a service: returns once it is shut down, and cancelling the calling task shuts it down.
    public func run() async throws {
        await ended.run { self.shutdown() }
    }

    // MARK: - The device thread

    /// Call with the lock held: feeds arrivals to the schedule in the order they came.
    private func drainInbox() -> [AcceleratorSchedule.Completion] {
        guard !inbox.isEmpty else { return [] }
        var finished: [AcceleratorSchedule.Completion] = []
        for arrival in inbox.sorted(by: { $0.time < $1.time }) {
            finished += schedule.submit(arrival.id, inputTokens: arrival.input, outputTokens: arrival.output,
                                        at: max(schedule.now, arrival.time))
        }
        inbox.removeAll(keepingCapacity: true)
        return finished
    }

    private func deviceLoop() {
        condition.lock()
        while !stopped {
            var finished = drainInbox()
            for id in cancelled { finished += schedule.cancel(id, at: max(schedule.now, time())) }
            cancelled.removeAll()
            finished += schedule.advance(to: max(schedule.now, time()))
            if !finished.isEmpty {
                let ready = finished.compactMap { done in waiters.removeValue(forKey: done.request).map { (done, $0) } }
                condition.unlock()
                for (done, waiter) in ready {
                    waiter.resume(returning: ModelResponse(
                        text: Self.text(tokens: done.outputTokens),
                        finishReason: .length,
                        usage: TokenUsage(inputTokens: done.inputTokens, outputTokens: done.outputTokens)
                    ))
                }
                condition.lock()
                continue
            }
            if let next = schedule.nextEventTime {
                let delay = next - time()
                if delay > 0 { _ = condition.wait(until: Date(timeIntervalSinceNow: delay)) }
            } else {
                condition.wait()
            }
        }
        condition.unlock()
    }

    /// `count` words, one token each.
    static func text(tokens count: Int) -> String {
        let words = ["the", "model", "wrote", "this", "token", "for", "an", "agent"]
        return (0..<count).map { words[$0 % words.count] }.joined(separator: " ")
    }
}

/// A device's books over a window from its time zero: busy time, tokens, energy, and the ratios.
public struct AcceleratorStatistics: Sendable, Hashable {
    public var slots: Int
    public var seconds: Double
    public var busySlotSeconds: Double
    public var busySlotSecondsPerSlot: [Double]
    public var inputTokens: Int
    public var outputTokens: Int
    public var energyJoules: Double
    public var intervals: [AcceleratorSchedule.SlotInterval]

    public init(profile: AcceleratorProfile, seconds: Double, schedule: AcceleratorSchedule) {
        slots = profile.slots
        self.seconds = seconds
        busySlotSecondsPerSlot = schedule.busySlotSecondsPerSlot
        busySlotSeconds = busySlotSecondsPerSlot.reduce(0, +)
        inputTokens = schedule.inputTokens
        outputTokens = schedule.outputTokens
        energyJoules = profile.energy(seconds: seconds, busySlotSeconds: busySlotSeconds)
        intervals = schedule.allIntervals
    }

    public var totalTokens: Int { inputTokens + outputTokens }
    /// Busy slot-time over total slot-time, 0...1.
    public var utilisation: Double { seconds > 0 ? min(1, busySlotSeconds / (Double(slots) * seconds)) : 0 }
    public var idleSlotSeconds: Double { max(0, Double(slots) * seconds - busySlotSeconds) }
    public var tokensPerSecond: Double { seconds > 0 ? Double(totalTokens) / seconds : 0 }
    public var tokensPerJoule: Double { energyJoules > 0 ? Double(totalTokens) / energyJoules : 0 }
}
