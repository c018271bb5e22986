import Foundation

extension JSONValue {
    /// The value as compact JSON with sorted keys: the same value always gives the same text.
    public var compactJSON: String { Self.encoded(self, by: Self.compactEncoder) }

    /// The value as indented JSON with sorted keys, for people.
    public var prettyJSON: String { Self.encoded(self, by: Self.prettyEncoder) }

    // Made once: trace sinks, tool loops and wire formats encode values all the time.
    private static let compactEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static let prettyEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return encoder
    }()

    /// Only a non-finite number fails to encode; it gives `null`.
    private static func encoded(_ value: JSONValue, by encoder: JSONEncoder) -> String {
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
