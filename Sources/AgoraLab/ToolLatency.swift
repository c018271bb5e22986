import AgoraCore
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
