import AgoraSummarize

/// A value that flows between the steps of a pipeline file.
public indirect enum PipelineValue: Sendable, Hashable {
    case text(String)
    case list([PipelineValue])
    /// A piece of a transcript, as `segment` cuts it: its text, where it starts, its turns.
    case segment(Segment)

    /// The value as a model reads it: a list's texts, all levels, separated by blank lines.
    public var text: String { leaves.joined(separator: "\n\n") }

    /// The texts of the value, depth first: one for a text or a segment, every leaf of a list.
    public var leaves: [String] {
        switch self {
        case .text(let text): [text]
        case .segment(let segment): [segment.text]
        case .list(let items): items.flatMap(\.leaves)
        }
    }

    /// The items of a list; nil for anything else.
    public var items: [PipelineValue]? {
        if case .list(let items) = self { return items }
        return nil
    }

    /// Where a segment starts in its document, as a fraction; nil for other values.
    public var position: Double? {
        if case .segment(let segment) = self { return segment.position }
        return nil
    }

    /// The kind of value, for messages.
    public var kindName: String {
        switch self {
        case .text: "text"
        case .list(let items): "a list of \(items.count)"
        case .segment: "a segment"
        }
    }
}
