/// The hints of a `ModelRequest`, a value per `RequestHintKey`: what a back end that cannot follow free-form
/// instructions needs to serve a kind of request. Language models read the messages and may ignore them.
///
/// Open rather than a field per use case, so that the core knows no use case: the module that reads a hint
/// owns its key and its value type, and usually a typed accessor on `ModelRequest`.
public struct RequestHints: Sendable, Hashable {
    private var values: [ObjectIdentifier: Value] = [:]

    public init() {}

    /// The value under `key`, nil when there is none. Setting nil removes it: a request with a hint set to nil
    /// equals one that never had it.
    public subscript<Key: RequestHintKey>(_ key: Key.Type) -> Key.Value? {
        get { values[ObjectIdentifier(key)]?.value as? Key.Value }
        set { values[ObjectIdentifier(key)] = newValue.map(Value.init) }
    }

    /// True when no hint is set.
    public var isEmpty: Bool { values.isEmpty }

    /// One hint's value, compared and hashed as the value's own type: values of different types are never equal.
    private struct Value: Sendable, Hashable {
        let value: any Sendable & Hashable

        static func == (lhs: Value, rhs: Value) -> Bool { AnyHashable(lhs.value) == AnyHashable(rhs.value) }
        func hash(into hasher: inout Hasher) { AnyHashable(value).hash(into: &hasher) }
    }
}
