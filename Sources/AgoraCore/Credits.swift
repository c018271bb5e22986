import Foundation

/// Money: an amount of credits, held exactly as an integer count of micro-credits (1 credit = 1,000,000
/// micro-credits), so that sums over thousands of transfers never drift. The one money type: budgets, usage,
/// prices' costs and the economy's ledger all count in it.
///
/// ```swift
/// let price = Credits(1.25)          // from a back end's floating price, rounded to the nearest micro-credit
/// print(price + Credits(micro: 5))  // 1.250005
/// ```
public struct Credits: Sendable, Hashable, Comparable, AdditiveArithmetic, CustomStringConvertible {
    public var micro: Int64

    public init(micro: Int64) {
        self.micro = micro
    }

    /// `credits` rounded to the nearest micro-credit.
    public init(_ credits: Double) {
        micro = Int64((credits * 1_000_000).rounded())
    }

    public static let zero = Credits(micro: 0)

    /// The amount as a floating-point number of credits (for display and ratios, never for sums).
    public var value: Double { Double(micro) / 1_000_000 }

    /// The exact decimal amount, as JSON carries it.
    public var decimal: Decimal { Decimal(micro) / Decimal(1_000_000) }

    public static func + (lhs: Credits, rhs: Credits) -> Credits { Credits(micro: lhs.micro + rhs.micro) }
    public static func - (lhs: Credits, rhs: Credits) -> Credits { Credits(micro: lhs.micro - rhs.micro) }
    public static func < (lhs: Credits, rhs: Credits) -> Bool { lhs.micro < rhs.micro }

    /// `1.250000`: six decimals, exact.
    public var description: String {
        let sign = micro < 0 ? "-" : ""
        let magnitude = micro.magnitude
        let fraction = String(magnitude % 1_000_000)
        return sign + String(magnitude / 1_000_000) + "." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// `1.2500`: four decimals, rounded, for tables.
    public var short: String { String(format: "%.4f", value) }

    /// The amount times `factor`, rounded to the nearest micro-credit (a share of a budget).
    public func scaled(by factor: Double) -> Credits { Credits(Double(micro) * factor / 1_000_000) }
}

extension Credits: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// `Budget(credits: 3)`.
    public init(integerLiteral value: Int64) { micro = value * 1_000_000 }
    /// `Budget(credits: 2.5)`.
    public init(floatLiteral value: Double) { self.init(value) }
}

extension Credits: Codable {
    public init(from decoder: any Decoder) throws {
        let decimal = try decoder.singleValueContainer().decode(Decimal.self)
        micro = NSDecimalNumber(decimal: decimal * Decimal(1_000_000)).int64Value
    }

    /// Encoded as an exact decimal number of credits.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(decimal)
    }
}

extension Sequence where Element == Credits {
    public func sum() -> Credits { reduce(.zero, +) }
}
