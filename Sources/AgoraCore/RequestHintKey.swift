/// Names one kind of request hint and the type of its value: a module that defines a kind of request (and the
/// back end that acts on it) declares a key, and the core carries the value without knowing what it means.
///
/// ```swift
/// public enum DraftHintKey: RequestHintKey { public typealias Value = Draft }
///
/// extension ModelRequest {
///     public var draft: Draft? {
///         get { hints[DraftHintKey.self] }
///         set { hints[DraftHintKey.self] = newValue }
///     }
/// }
/// ```
///
/// Values are `Hashable` so that two requests with the same hints are equal, and `Sendable` because requests
/// cross actors.
public protocol RequestHintKey: Sendable {
    associatedtype Value: Sendable & Hashable
}
