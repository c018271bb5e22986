/// A value that flows between the steps of a pipeline file.
public indirect enum PipelineValue: Sendable, Hashable {
    case text(String)
    case list([PipelineValue])
    /// A value only the functions that made it know, such as a transcript's segment (`PipelineValue.segment`).
    case payload(PipelinePayload)

    /// The value as a model reads it: a list's texts, all levels, separated by blank lines.
    public var text: String { leaves.joined(separator: "\n\n") }

    /// The texts of the value, depth first: one for a text or a payload, every leaf of a list.
    public var leaves: [String] {
        switch self {
        case .text(let text): [text]
        case .payload(let payload): [payload.text]
        case .list(let items): items.flatMap(\.leaves)
        }
    }

    /// The items of a list; nil for anything else.
    public var items: [PipelineValue]? {
        if case .list(let items) = self { return items }
        return nil
    }

    /// The payload; nil for anything else.
    public var payload: PipelinePayload? {
        if case .payload(let payload) = self { return payload }
        return nil
    }

    /// Where a payload (a segment) starts in its document, as a fraction; nil for other values.
    public var position: Double? { payload?.position }

    /// The kind of value, for messages.
    public var kindName: String {
        switch self {
        case .text: "text"
        case .list(let items): "a list of \(items.count)"
        case .payload(let payload): payload.kind
        }
    }
}
