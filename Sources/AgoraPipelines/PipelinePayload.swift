/// A value a registered function made that the engine carries between steps without knowing its type (the
/// summariser's segments): what a model reads of it, where it sits in its document, and what to call it in
/// messages. The function that reads it back asks for its type with `value(as:)`.
///
/// ```swift
/// let value = PipelineValue.payload(PipelinePayload(segment, text: segment.text, position: segment.position, kind: "a segment"))
/// let segment = value.payload?.value(as: Segment.self)
/// ```
public struct PipelinePayload: Sendable, Hashable {
    public let value: any Sendable & Hashable
    /// The payload as a model reads it.
    public let text: String
    /// Where it starts in its document, as a fraction; a map step's agents rank against the whole document with it.
    public let position: Double?
    /// The kind of value, for messages: "a segment".
    public let kind: String

    /// Equality and hashing of the value, made while its type is still known: an existential cannot be compared.
    private let equals: @Sendable (any Sendable) -> Bool
    private let hashes: @Sendable (inout Hasher) -> Void

    public init<Value: Sendable & Hashable>(_ value: Value, text: String, position: Double? = nil, kind: String) {
        self.value = value
        self.equals = { other in (other as? Value) == value }
        self.hashes = { hasher in hasher.combine(value) }
        self.text = text
        self.position = position
        self.kind = kind
    }

    /// The value, if it is a `type`.
    public func value<Value>(as type: Value.Type) -> Value? { value as? Value }

    public static func == (left: PipelinePayload, right: PipelinePayload) -> Bool {
        left.text == right.text && left.position == right.position && left.kind == right.kind && left.equals(right.value)
    }

    public func hash(into hasher: inout Hasher) {
        hashes(&hasher)
        hasher.combine(text)
        hasher.combine(position)
        hasher.combine(kind)
    }
}
