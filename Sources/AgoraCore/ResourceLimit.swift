import Foundation

/// The caps on what Agora holds in memory for data it does not control: a server's answer, a tool's output, an
/// input stream. Each has a default and an environment variable that raises (or lowers) it, read once per process, so
/// that the error a limit produces can say exactly how to lift it, whichever program uses the library.
///
/// ```swift
/// let cap = ResourceLimit.responseBytes.value      // 64 MiB, or AGORA_MAX_RESPONSE_BYTES
/// throw MyError(ResourceLimit.responseBytes.exceeded("the response body of \(url)"))
/// ```
public enum ResourceLimit: String, CaseIterable, Sendable {
    /// A text input read whole: a transcript file, standard input, `--input name=-`.
    case inputBytes = "AGORA_MAX_INPUT_BYTES"
    /// One HTTP response body, buffered or streamed.
    case responseBytes = "AGORA_MAX_RESPONSE_BYTES"
    /// One message line from an MCP server.
    case mcpLineBytes = "AGORA_MAX_MCP_LINE_BYTES"
    /// The slowest an HTTP answer may arrive, in bytes a second, for longer than its stall limit.
    case httpMinimumSpeed = "AGORA_HTTP_MIN_BYTES_PER_SECOND"

    /// The environment variable that sets it.
    public var variable: String { rawValue }

    public var defaultValue: Int {
        switch self {
        case .inputBytes: 64 << 20
        case .responseBytes: 64 << 20
        case .mcpLineBytes: 16 << 20
        case .httpMinimumSpeed: 16
        }
    }

    /// The value in force: the environment's when it parses, the default otherwise (a program that wants bad values
    /// reported calls `checkEnvironment` at startup, as the CLI does).
    public var value: Int { Self.values[self] ?? defaultValue }

    private static let values: [ResourceLimit: Int] = {
        let environment = ProcessInfo.processInfo.environment
        var values: [ResourceLimit: Int] = [:]
        for limit in allCases {
            if let text = environment[limit.variable], let value = parse(text) { values[limit] = value }
        }
        return values
    }()

    /// Throws a one-line error for the first variable that is set but not a usable number.
    public static func checkEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        for limit in allCases {
            guard let text = environment[limit.variable] else { continue }
            guard parse(text) != nil else { throw ResourceLimitError(message: "\(limit.variable)='\(text)': expected a whole number, optionally with K, M or G (e.g. 64M)") }
        }
    }

    /// A whole number with an optional binary suffix: `65536`, `64K`, `64M`, `1G`. Nil for anything else (signs,
    /// fractions, overflow).
    public static func parse(_ text: String) -> Int? {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        var shift = 0
        switch digits.last.map({ Character($0.uppercased()) }) {
        case "K": shift = 10
        case "M": shift = 20
        case "G": shift = 30
        default: break
        }
        if shift > 0 { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let number = Int(digits) else { return nil }
        let (value, overflow) = number.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? nil : value
    }

    /// The value for people: `64 MiB`, `2,000 bytes`, `16 bytes/s`.
    public func describe(_ value: Int) -> String {
        if self == .httpMinimumSpeed { return "\(value) bytes/s" }
        if value >= 1 << 20, value % (1 << 20) == 0 { return "\(value >> 20) MiB" }
        if value >= 1 << 10, value % (1 << 10) == 0 { return "\(value >> 10) KiB" }
        return "\(value) bytes"
    }

    /// The sentence an error ends with: what passed which limit, and how to raise it.
    public func exceeded(_ what: String, limit: Int? = nil) -> String {
        "\(what) passed the \(describe(limit ?? value)) limit (set \(variable) to raise it)"
    }
}

/// A limit's environment variable holds something that is not a number.
public struct ResourceLimitError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
