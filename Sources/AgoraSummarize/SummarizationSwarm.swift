import AgoraCore
import AgoraLocal
import AgoraRuntime
import AgoraText

/// The flagship job: parse → segment → map (one agent per segment, in parallel) → reduce (a tree of reducers,
/// fan-in k) → digest. It works with any back end: the extractive summariser picks sentences, a language model
/// writes them.
///
/// The agent tree of a run:
/// ```
/// root
/// ├── map
/// │   ├── segment-1 … segment-N        (split-1, split-2 below a segment a back end found too long)
/// ├── reduce                           (group-1 … group-k below it, recursively, fan-in k)
/// └── digest
/// ```
public struct SummarizationSwarm: Sendable {
    public var options: SummarizeOptions
    /// The agents' instructions; their back end is `options.backend` (or the swarm's default) for all of them.
    public var agents: SummaryAgents
    /// Replaces the map step when set (the default path is used otherwise).
    public var mapStep: SegmentMapper?

    public init(options: SummarizeOptions = SummarizeOptions(), agents: SummaryAgents = .standard, mapStep: SegmentMapper? = nil) {
        self.options = options
        self.agents = agents
        self.mapStep = mapStep
    }

    /// The transcript of `text` and its segments: what a run works on, and what a caller needs to know ahead
    /// of it (how many agents it will start), computed once.
    public func plan(text: String) -> SummarizationPlan {
        SummarizationPlan(text: text, segmentWords: options.segmentWords)
    }

    /// Summarises `text` as the root agent of `swarm`. `source` names the input in the digest.
    public func run(text: String, source: String, in swarm: Swarm) async throws -> Digest {
        try await run(plan(text: text), text: text, source: source, in: swarm)
    }

    /// Summarises `text`, already planned with `plan(text:)`, as the root agent of `swarm`.
    public func run(_ plan: SummarizationPlan, text: String, source: String, in swarm: Swarm) async throws -> Digest {
        try options.validate()
        let transcript = plan.transcript
        guard transcript.wordCount > 0 else { throw SummarizeError.noText }
        let segments = plan.segments
        let document = SourceDocument(id: swarm.runID + ":" + source, text: text)
        // The run's back end serves every agent of the swarm: the definitions' own `backend` is only their default
        // when they run alone, so a user's `--backend` choice is never half applied.
        var agents = agents
        agents.segment.backend = options.backend
        agents.reducer.backend = options.backend
        agents.digest.backend = options.backend
        let work = Work(options: options, agents: agents, document: document, speakers: transcript.speakers)
        let mapStep = self.mapStep

        // Every model-calling agent is journaled under a hash of its inputs: with a run journal, a resumed run
        // replays what finished instead of paying for it twice.
        let (tldr, takeaways, sections) = try await swarm.run("root") { root in
            let summaries = try await root.spawn("map") { map in
                if let mapStep { return try await work.map(segments, with: mapStep, in: map) }
                return try await map.spawnAll(segments.map { segment in
                    work.journaled(
                        ChildAgent("segment-\(segment.number)", definition: work.agents.segment) { context in
                            try await work.summarise(segment: segment, in: context)
                        }, "segment", segment.text)
                })
            }
            let groups = work.sectionGroups(summaries.count)
            let reduced = try await root.spawn(work.journaled(
                ChildAgent("reduce", definition: work.agents.reducer) { reduce in
                    let (top, sections) = try await work.reduceTree(summaries, groups: groups, in: reduce)
                    return ReduceResult(takeaways: top, sections: sections)
                }, "reduce", summaries.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")))
            let takeaways = reduced.takeaways
            let tldr = try await root.spawn(work.journaled(
                ChildAgent("digest", definition: work.agents.digest) { digest in
                    // Ranked among the takeaways themselves: against the whole transcript, the opening's agenda items
                    // ("Two, the bug Tom found") would make the TL;DR.
                    try await work.condense(takeaways, targetWords: work.options.tldrWords, agent: work.agents.digest, in: digest,
                                            againstDocument: false)
                }, "digest", takeaways.joined(separator: "\n")))
            let sections = zip(groups, reduced.sections).map { range, sentences in
                Digest.Section(segments: Array(segments[range]), sentences: sentences)
            }
            return (tldr, takeaways, sections)
        }
        let stats = swarm.stats
        guard !takeaways.isEmpty else { throw SummarizeError.noSentences }
        var digestStats = Digest.stats(of: transcript, segments: segments.count, agents: stats.startedAgents, modelCalls: stats.modelCalls)
        if options.fallbackBackend != nil {
            // From the run's usage, which the journal replays: a resumed run counts what an uninterrupted one does.
            let usage = swarm.usage
            digestStats.reviewedAnswers = usage.reviewedAnswers
            digestStats.retriedAnswers = usage.retriedAnswers
            digestStats.fallbacks = usage.fallbackAnswers
        }
        return Digest(source: source, tldr: tldr, keyTakeaways: takeaways, sections: sections, stats: digestStats)
    }

    /// How many agents a run over `segments` segments starts: root, map, one per segment, the reduce tree and
    /// the digest (more if a back end makes segments split).
    public func plannedAgents(segments: Int) -> Int {
        let groups = TreeFold.chunks(segments, size: options.fanIn).count
        return 4 + segments + (groups > 1 ? groups : 0) + TreeFold.childAgents(folding: groups, fanIn: options.fanIn)
    }
}

/// What the reduce tree hands back: the key takeaways and the parts of the detailed summary.
struct ReduceResult: Codable, Sendable {
    var takeaways: [String]
    var sections: [[String]]
}

/// A transcript cut into the segments a run gives its map agents.
public struct SummarizationPlan: Sendable {
    public var transcript: Transcript
    public var segments: [Segment]

    /// `text` parsed as a transcript and cut into segments of about `segmentWords` words: what the swarm and a
    /// pipeline's `segment` function both work on.
    public init(text: String, segmentWords: Int) {
        transcript = TranscriptParser.parse(text)
        segments = Segmenter.segments(of: transcript, segmentWords: segmentWords)
    }
}

/// The pieces of a run that its agents share.
struct Work: Sendable {
    let options: SummarizeOptions
    let agents: SummaryAgents
    let document: SourceDocument
    /// The transcript's speakers, named in the reducers' and the digest writer's prompts.
    let speakers: [String]

    /// `child`, journaled under a hash of what its answer depends on: the options, the agents' instructions,
    /// and `parts` (its kind and its input).
    func journaled<Result: Codable & Sendable>(_ child: ChildAgent<Result>, _ parts: String...) -> ChildAgent<Result> {
        var settings = "\(options.segmentWords)/\(options.fanIn)/\(options.summaryWords)/\(options.sectionWords)/\(options.tldrWords)/\(options.backend ?? "")"
        if let fallback = options.fallbackBackend { settings += "/\(fallback)/\(options.extractFirst)" }
        let instructions = [agents.segment, agents.reducer, agents.digest].map { $0.instructions + ($0.prompt ?? "") }.joined()
        return child.journaled(key: stableHash([settings, instructions] + parts))
    }

    /// The segment groups that make the parts of the detailed summary: the first level of the reduce tree.
    func sectionGroups(_ count: Int) -> [Range<Int>] {
        TreeFold.chunks(count, size: options.fanIn)
    }

    /// Candidate length kept at every level below the top, so the top reducer still chooses among enough.
    var candidateWords: Int { max(options.summaryWords, options.sectionWords) }

    /// Too long for the model: the segment is halved into two sub-agents, whose findings are merged.
    func summarise(segment: Segment, in context: AgentContext) async throws -> [String] {
        try await context.splittingOnContextOverflow(
            segment, definition: agents.segment, note: "segment over the back end's context: split in two",
            halves: { $0.halves() }, combine: { $0.flatMap { $0 } }, indivisible: { _ in SummarizeError.noSentences }
        ) { context, segment in
            var material: String?
            if options.fallbackBackend != nil { material = try await segmentMaterial(segment, in: context) }
            return try await ask(context, agent: agents.segment, text: segment.text, material: material, speakers: segment.speakers,
                                 targetWords: candidateWords, position: segment.position)
        }
    }

    /// What a language model reads of `segment`: its turns as plain paragraphs, or with `extractFirst` the
    /// sentences the extractive back end ranks highest in it (against the whole transcript), about twice the
    /// length asked for.
    func segmentMaterial(_ segment: Segment, in context: AgentContext) async throws -> String {
        guard options.extractFirst, let fallback = options.fallbackBackend else { return SummaryPrompt.material(of: segment.turns) }
        let extraction = ModelRequest(instructions: "", text: segment.text, words: candidateWords * 2, temperature: 0,
                                      document: document, position: segment.position)
        return SummaryPrompt.material(ofSentences: Self.sentences(in: try await context.ask(extraction, backend: fallback).text))
    }

    /// Reduces `summaries` with a tree of reducers of fan-in k. Returns the top summary and the summaries of
    /// the first-level groups (the parts of the detailed summary), in order.
    func reduceTree(_ summaries: [[String]], groups: [Range<Int>], in context: AgentContext) async throws -> ([String], [[String]]) {
        let sectionSummaries: [[String]]
        if groups.count == 1 {
            sectionSummaries = [try await reduce(summaries, targetWords: options.sectionWords, in: context)]
        } else {
            sectionSummaries = try await context.spawnAll(groups.enumerated().map { offset, range in
                journaled(ChildAgent("group-\(offset + 1)", definition: agents.reducer) { child in
                    try await reduce(Array(summaries[range]), targetWords: options.sectionWords, in: child)
                }, "group", summaries[range].map { $0.joined(separator: "\n") }.joined(separator: "\n\n"))
            })
        }
        // The top of the tree re-ranks the union of what the levels below kept, not their condensed sections.
        let groupCandidates: [[String]]
        if groups.count == 1 {
            groupCandidates = [summaries.flatMap { $0 }]
        } else {
            groupCandidates = groups.map { summaries[$0].flatMap { $0 } }
        }
        let top = try await reduceLevels(groupCandidates, in: context)
        return (top, sectionSummaries)
    }

    /// Combines `items` until one summary is left, in a tree fold whose reducers are journaled like the rest.
    func reduceLevels(_ items: [[String]], in context: AgentContext) async throws -> [String] {
        try await context.treeFold(items, fanIn: options.fanIn, definition: agents.reducer, configure: { child, run in
            journaled(child, "level", run.map { $0.joined(separator: "\n") }.joined(separator: "\n\n"))
        }) { child, run, isTop in
            try await reduce(run, targetWords: isTop ? options.summaryWords : candidateWords, in: child)
        }
    }

    func reduce(_ summaries: [[String]], targetWords: Int, in context: AgentContext) async throws -> [String] {
        try await condense(summaries.flatMap { $0 }, targetWords: targetWords, agent: agents.reducer, in: context)
    }

    /// Asks for a summary of `sentences`; if they overflow the back end's context, two sub-agents take half
    /// each (recursively) and their summaries are joined.
    func condense(_ sentences: [String], targetWords: Int, agent: AgentDefinition, in context: AgentContext,
                  againstDocument: Bool = true) async throws -> [String] {
        guard !sentences.isEmpty else { return [] }
        return try await context.splittingOnContextOverflow(
            sentences, definition: agent, note: "summaries over the back end's context: split in two",
            halves: { sentences in
                guard sentences.count >= 2 else { return nil }
                return (Array(sentences[..<(sentences.count / 2)]), Array(sentences[(sentences.count / 2)...]))
            },
            combine: { $0.flatMap { $0 } }
        ) { context, sentences in
            // A blank line between sentences keeps each one whole: a transcript reader joins adjacent lines into
            // one turn, and a sentence ending in a dash would run into the next.
            try await ask(context, agent: agent, text: sentences.joined(separator: "\n\n"),
                          material: SummaryPrompt.material(ofSentences: sentences), speakers: speakers,
                          targetWords: targetWords, position: nil, againstDocument: againstDocument)
        }
    }

    /// The segments' jobs, handed to a replacement map step; its answers read as the map agents' would.
    func map(_ segments: [Segment], with mapStep: SegmentMapper, in context: AgentContext) async throws -> [[String]] {
        let jobs = segments.map { segment in
            SegmentJob(segment: segment, request: request(agent: agents.segment, text: segment.text, material: SummaryPrompt.material(of: segment.turns),
                                                          speakers: segment.speakers, targetWords: candidateWords,
                                                          position: segment.position), targetWords: candidateWords)
        }
        return try await mapStep(jobs, context).map(Self.sentences(in:))
    }

    /// Asks `agent`'s question about `text` (`material` is what a language model reads of it). With a fallback
    /// back end, the answer is reviewed: a degenerate one is asked again once, stricter (and its clean sentences
    /// kept even if most were bad), and if that answer has none the node takes the fallback's pick, so that no loop
    /// or echoed label moves up the tree.
    func ask(_ context: AgentContext, agent: AgentDefinition, text: String, material: String?, speakers: [String],
             targetWords: Int, position: Double?, againstDocument: Bool = true) async throws -> [String] {
        let request = request(agent: agent, text: text, material: material, speakers: speakers, targetWords: targetWords,
                              position: position, againstDocument: againstDocument)
        guard let fallback = options.fallbackBackend else {
            return Self.sentences(in: try await context.ask(request, backend: options.backend).text)
        }
        let review = AnswerReview(input: material ?? text, speakers: speakers)
        var reason = ""
        // The first answer must be mostly clean; the one asked again, stricter, may keep just its clean sentences.
        for (attempt, lenient) in [(request, false), (request.stricter(), true)] {
            if lenient { context.note("degenerate answer (\(reason)): asking again, stricter") }
            switch review.review(try await context.ask(attempt, backend: options.backend), lenient: lenient) {
            case .accepted(let sentences):
                context.recordAnswerReview(retried: lenient, fellBack: false)
                return sentences
            case .rejected(let why): reason = why
            }
        }
        context.note("degenerate answer again (\(reason)): fell back to the extractive pick")
        let fallbackSentences = Self.sentences(in: try await context.ask(request, backend: fallback).text)
        context.recordAnswerReview(retried: true, fellBack: true)
        return fallbackSentences
    }

    func request(agent: AgentDefinition, text: String, material: String?, speakers: [String], targetWords: Int, position: Double?,
                 againstDocument: Bool = true) -> ModelRequest {
        ModelRequest(instructions: agent.instructions, prompt: agent.prompt, text: text, material: material, speakers: speakers,
                     words: targetWords, temperature: 0, document: againstDocument ? document : nil, position: position)
    }

    /// A model's answer as a list of sentences: one a line, bullets and numbering removed.
    static func sentences(in text: String) -> [String] { AnswerLines.sentences(in: text) }
}
