/// Marks a request as "summarise the user message in about `targetWords` words", and carries what an
/// extractive back end needs to rank well across a swarm. It travels in the request's hints
/// (`ModelRequest.summarization`); it lives here, beside the back end that reads it, and the modules that write
/// it (the summarisation swarm, pipelines, working memory's compaction) import this one.
public struct SummarizationHint: Sendable, Hashable {
    /// The length to aim at, in words.
    public var targetWords: Int
    /// The whole source the request's text was cut from, shared (not copied) by every agent of a run, so a back
    /// end can compute document-wide statistics once instead of once per segment.
    public var document: SourceDocument?
    /// Where the request's text starts in the document, as a fraction of its length (0 = the opening).
    public var position: Double?
    /// The text to summarise, when the user message frames it for a language model (the text delimited inside
    /// it, the task after it): back ends that read no instructions summarise this instead. Nil: the user messages.
    public var text: String?

    public init(targetWords: Int, document: SourceDocument? = nil, position: Double? = nil, text: String? = nil) {
        self.targetWords = targetWords
        self.document = document
        self.position = position
        self.text = text
    }
}
