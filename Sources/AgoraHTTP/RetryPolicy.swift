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
    /// exponential step, so that many clients failing together do not come back together. A server's `Retry-After` is
    /// obeyed within the policy's bounds: never less than `baseDelay` (a `0` must not turn the retries into a burst),
    /// never more than `maxRetryAfter`.
    public func delay(beforeRetry retry: Int, retryAfter: Double?, random: Double = Double.random(in: 0...1)) -> Double {
        if let retryAfter, retryAfter.isFinite { return min(max(retryAfter, baseDelay), maxRetryAfter) }
        let step = min(maxDelay, baseDelay * pow(2, Double(max(0, retry - 1))))
        return step * (0.5 + 0.5 * random)
    }

    /// `Retry-After` in seconds, from either of its forms (RFC 9110 10.2.3): delay-seconds, which is digits only, or an
    /// HTTP date (IMF-fixdate, or the obsolete RFC 850 and asctime forms). Anything else, a sign, a fraction, words,
    /// is no `Retry-After` at all (nil: the caller backs off as usual); a date in the past is 0. A huge number stays
    /// huge, so that the caller sees it is past `maxRetryAfter`.
    public static func parseRetryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return Double(value).flatMap { $0.isFinite ? $0 : nil }
        }
        let collapsed = value.split(separator: " ").joined(separator: " ")
        for format in httpDateFormats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.isLenient = false
            formatter.dateFormat = format
            if let date = formatter.date(from: collapsed) { return max(0, date.timeIntervalSince(now)) }
        }
        return nil
    }

    private static let httpDateFormats = [
        "EEE, dd MMM yyyy HH:mm:ss 'GMT'",  // IMF-fixdate, the one servers send
        "EEEE, dd-MMM-yy HH:mm:ss 'GMT'",   // RFC 850
        "EEE MMM d HH:mm:ss yyyy",          // asctime; its space-padded day is why spaces are collapsed
    ]
}
