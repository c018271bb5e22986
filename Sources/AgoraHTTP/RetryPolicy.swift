import Foundation

/// When and how long to wait before sending a failed request again: exponential backoff with jitter, and the
/// server's `Retry-After` when it gives one.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// Seconds before the first retry; doubles each time.
    public var baseDelay: Double
    public var maxDelay: Double
    /// The longest `Retry-After` obeyed; a longer one fails the request instead of parking it.
    public var maxRetryAfter: Double

    public init(maxAttempts: Int = 4, baseDelay: Double = 0.5, maxDelay: Double = 20, maxRetryAfter: Double = 60) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    public static let none = RetryPolicy(maxAttempts: 1)

    /// The wait before retry number `retry` (1 for the first): a random point in the upper half of the
    /// exponential step, so that many clients failing together do not come back together.
    public func delay(beforeRetry retry: Int, retryAfter: Double?, random: Double = Double.random(in: 0...1)) -> Double {
        if let retryAfter { return min(retryAfter, maxRetryAfter) }
        let step = min(maxDelay, baseDelay * pow(2, Double(max(0, retry - 1))))
        return step * (0.5 + 0.5 * random)
    }

    /// `Retry-After` in seconds, from either of its forms (delta seconds or an HTTP date).
    public static func parseRetryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
