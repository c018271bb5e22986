/// A source text shared by reference among the agents of one run.
public final class SourceDocument: Sendable, Hashable {
    /// Unique for the run; back ends may cache per-document statistics under it.
    public let id: String
    public let text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }

    public static func == (lhs: SourceDocument, rhs: SourceDocument) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
