/// What a simulated model server can do: its batch size, its speeds, and what it draws from the wall.
///
/// Prefill runs at `prefillTokensPerSecond` for each request. Decode runs at `decodeTokensPerSecond` for a
/// lone sequence and slows as the batch fills: with `k` of `slots` sequences in the batch each one decodes at
/// `decodeTokensPerSecond / (1 + batchSlowdown * (k - 1) / (slots - 1))`, so a full batch decodes
/// `slots / (1 + batchSlowdown)` times faster in total than one sequence alone. That is why a full batch is
/// cheap and an idle slot is expensive.
///
/// Power: `idleWatts` with nothing in the batch, `busyWatts` with every slot busy, linear in between, so the
/// energy over a window of `T` seconds is `idleWatts * T + (busyWatts - idleWatts) * busySlotSeconds / slots`.
public struct AcceleratorProfile: Sendable, Hashable, Codable {
    public var slots: Int
    public var prefillTokensPerSecond: Double
    public var decodeTokensPerSecond: Double
    /// Extra decode time per sequence at a full batch: 0.6 means each sequence decodes 1.6 times slower.
    public var batchSlowdown: Double
    public var busyWatts: Double
    public var idleWatts: Double

    public init(
        slots: Int = 8,
        prefillTokensPerSecond: Double = 8_000,
        decodeTokensPerSecond: Double = 200,
        batchSlowdown: Double = 0.6,
        busyWatts: Double = 350,
        idleWatts: Double = 90
    ) {
        self.slots = max(1, slots)
        self.prefillTokensPerSecond = max(1e-9, prefillTokensPerSecond)
        self.decodeTokensPerSecond = max(1e-9, decodeTokensPerSecond)
        self.batchSlowdown = max(0, batchSlowdown)
        self.busyWatts = busyWatts
        self.idleWatts = idleWatts
    }

    /// Tokens per second each sequence decodes at with `active` sequences in the batch.
    public func decodeRate(active: Int) -> Double {
        guard slots > 1, active > 1 else { return decodeTokensPerSecond }
        let fill = Double(min(active, slots) - 1) / Double(slots - 1)
        return decodeTokensPerSecond / (1 + batchSlowdown * fill)
    }

    /// Joules over `seconds` of wall time during which the slots were busy for `busySlotSeconds` in total.
    public func energy(seconds: Double, busySlotSeconds: Double) -> Double {
        idleWatts * seconds + (busyWatts - idleWatts) * busySlotSeconds / Double(slots)
    }
}
