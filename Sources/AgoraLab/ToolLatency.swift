import Foundation

/// How long a simulated tool blocks: a fixed time, or random draws from a seeded distribution.
public enum ToolLatency: Sendable, Hashable, CustomStringConvertible {
    case fixed(milliseconds: Double)
    /// Exponential with this mean: many short calls, a few long ones.
    case exponential(meanMilliseconds: Double)
    /// Log-normal with this median and shape `sigma`: a heavy tail (sigma 1 puts p99 at ~10x the median).
    case logNormal(medianMilliseconds: Double, sigma: Double)

    /// The distribution's central figure in milliseconds (the fixed value, the mean, the median), for tables.
    public var milliseconds: Double {
        switch self {
        case .fixed(let ms), .exponential(let ms), .logNormal(let ms, _): ms
        }
    }

    public var distributionName: String {
        switch self {
        case .fixed: "fixed"
        case .exponential: "exponential"
        case .logNormal: "lognormal"
        }
    }

    public var description: String {
        switch self {
        case .fixed(let ms): "\(ms) ms"
        case .exponential(let ms): "exp(mean \(ms) ms)"
        case .logNormal(let ms, let sigma): "lognormal(median \(ms) ms, sigma \(sigma))"
        }
    }

    /// One draw, in seconds.
    public func sample(using random: inout SplitMix64) -> Double {
        switch self {
        case .fixed(let ms):
            return max(0, ms) / 1000
        case .exponential(let mean):
            return -log(1 - random.nextUnit()) * max(0, mean) / 1000
        case .logNormal(let median, let sigma):
            // Box-Muller: one standard normal from two uniforms.
            let u1 = max(random.nextUnit(), 1e-12)
            let u2 = random.nextUnit()
            let normal = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            return max(0, median) / 1000 * exp(sigma * normal)
        }
    }
}

/// A small, fast, seedable generator (SplitMix64): the same seed gives the same tool latencies on every run.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for one named stream (an agent's path), independent of the order agents start in.
    public init(seed: UInt64, stream: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in stream.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        state = seed ^ hash
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
