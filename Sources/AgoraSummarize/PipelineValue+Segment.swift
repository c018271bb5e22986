import AgoraPipelines

// A segment travels through a pipeline file as a payload: the engine carries it (its text, its position) without
// knowing the type, and `digest` reads it back.

extension PipelineValue {
    /// A piece of a transcript, as `segment` cuts it: its text, where it starts, its turns.
    public static func segment(_ segment: Segment) -> PipelineValue {
        .payload(PipelinePayload(segment, text: segment.text, position: segment.position, kind: "a segment"))
    }

    /// The segment the value holds; nil for any other value.
    public var segment: Segment? { payload?.value(as: Segment.self) }
}
