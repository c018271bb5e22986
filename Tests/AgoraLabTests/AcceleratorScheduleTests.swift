import AgoraLab
import Testing

@Suite struct AcceleratorScheduleTests {
    /// One slot, one request of 100 input and 10 output tokens: 100/1000 s prefill + 10/100 s decode.
    @Test func oneRequestTakesPrefillPlusDecode() {
        let profile = AcceleratorProfile(slots: 1, prefillTokensPerSecond: 1_000, decodeTokensPerSecond: 100, batchSlowdown: 0, busyWatts: 200, idleWatts: 50)
        var schedule = AcceleratorSchedule(profile: profile)
        #expect(schedule.submit(1, inputTokens: 100, outputTokens: 10, at: 0.5).isEmpty)
        #expect(abs((schedule.nextEventTime ?? 0) - 0.6) < 1e-9)
        let done = schedule.advance(to: 2)
        #expect(done.count == 1)
        #expect(abs(done[0].time - 0.7) < 1e-9)
        #expect(abs(schedule.busySlotSeconds - 0.2) < 1e-9)
        // Over 2 s: 50 W * 2 s + 150 W * 0.2 slot-s / 1 slot = 130 J for 110 tokens.
        #expect(abs(profile.energy(seconds: 2, busySlotSeconds: schedule.busySlotSeconds) - 130) < 1e-9)
    }

    /// Two sequences in a batch of two with slowdown 1 each decode at half speed.
    @Test func batchSlowdownSharesDecode() {
        let profile = AcceleratorProfile(slots: 2, prefillTokensPerSecond: 1e12, decodeTokensPerSecond: 100, batchSlowdown: 1)
        #expect(profile.decodeRate(active: 1) == 100)
        #expect(profile.decodeRate(active: 2) == 50)
        var schedule = AcceleratorSchedule(profile: profile)
        _ = schedule.submit(1, inputTokens: 0, outputTokens: 10, at: 0)
        _ = schedule.submit(2, inputTokens: 0, outputTokens: 20, at: 0)
        let done = schedule.advance(to: 10)
        // Both at 50 tok/s until the first finishes at 0.2 s; the second then has 10 left at 100 tok/s: 0.3 s.
        #expect(done.map(\.request) == [1, 2])
        #expect(abs(done[0].time - 0.2) < 1e-9)
        #expect(abs(done[1].time - 0.3) < 1e-9)
        #expect(abs(schedule.busySlotSeconds - 0.5) < 1e-9)
        #expect(schedule.outputTokens == 30)
    }

    /// A third request waits for a slot and starts the instant one frees.
    @Test func fullBatchQueuesFirstComeFirstServed() {
        let profile = AcceleratorProfile(slots: 2, prefillTokensPerSecond: 1e12, decodeTokensPerSecond: 10, batchSlowdown: 0)
        var schedule = AcceleratorSchedule(profile: profile)
        _ = schedule.submit(1, inputTokens: 0, outputTokens: 10, at: 0)
        _ = schedule.submit(2, inputTokens: 0, outputTokens: 20, at: 0)
        _ = schedule.submit(3, inputTokens: 0, outputTokens: 10, at: 0.5)
        #expect(schedule.queued == 1)
        let done = schedule.advance(to: 5)
        #expect(done.map(\.request) == [1, 3, 2])
        #expect(abs(done[1].time - 2) < 1e-9)
        let third = schedule.intervals.first { $0.request == 3 }
        #expect(third?.slot == 0)
        #expect(abs((third?.start ?? 0) - 1) < 1e-9)
        // Slot 0 busy 0-1 and 1-2, slot 1 busy 0-2: 4 slot-seconds.
        #expect(abs(schedule.busySlotSeconds - 4) < 1e-9)
    }

    @Test func statisticsRatios() {
        let profile = AcceleratorProfile(slots: 2, prefillTokensPerSecond: 1e12, decodeTokensPerSecond: 10, batchSlowdown: 0, busyWatts: 100, idleWatts: 20)
        var schedule = AcceleratorSchedule(profile: profile)
        _ = schedule.submit(1, inputTokens: 0, outputTokens: 10, at: 0)
        _ = schedule.advance(to: 4)
        let stats = AcceleratorStatistics(profile: profile, seconds: 4, schedule: schedule)
        // 1 busy slot-second of 8: 12.5%. Energy 20*4 + 80*1/2 = 120 J; 10 tokens in 4 s.
        #expect(abs(stats.utilisation - 0.125) < 1e-9)
        #expect(abs(stats.energyJoules - 120) < 1e-9)
        #expect(abs(stats.tokensPerJoule - 10.0 / 120) < 1e-9)
        #expect(abs(stats.tokensPerSecond - 2.5) < 1e-9)
    }

    @Test func cancelFreesTheSlot() {
        let profile = AcceleratorProfile(slots: 1, prefillTokensPerSecond: 1e12, decodeTokensPerSecond: 10, batchSlowdown: 0)
        var schedule = AcceleratorSchedule(profile: profile)
        _ = schedule.submit(1, inputTokens: 0, outputTokens: 100, at: 0)
        _ = schedule.submit(2, inputTokens: 0, outputTokens: 10, at: 0)
        _ = schedule.cancel(1, at: 1)
        let done = schedule.advance(to: 10)
        #expect(done.map(\.request) == [2])
        #expect(abs(done[0].time - 2) < 1e-9)
        #expect(schedule.outputTokens == 10)
    }
}
