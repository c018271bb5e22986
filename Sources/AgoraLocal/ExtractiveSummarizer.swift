import AgoraText
import Foundation

/// The extractive summariser as a plain Swift API: picks sentences by greedy concept coverage of the meeting's
/// centroid (or, with `selection = .mmr`, by maximal marginal relevance) with a decaying weight on the opening,
/// cleans them, and returns them in source order.
///
/// Length rule: sentences are taken in rank order until the total first reaches `targetWords`.
///
/// ```swift
/// let lines = try ExtractiveSummarizer.summarize(text: transcript, targetWords: 120)
/// print(lines.joined(separator: "\n"))
/// ```
public enum ExtractiveSummarizer {
    /// Summarises `text` on its own: the text is its own document.
    public static func summarize(
        text: String, targetWords: Int, configuration: ExtractiveConfiguration = .default
    ) throws -> [String] {
        try summarize(text: text, targetWords: targetWords, model: DocumentModel(text: text, configuration: configuration))
    }

    /// Summarises `text`, a piece of the document `document` (or the whole of it), ranking against the whole.
    public static func summarize(
        text: String, targetWords: Int, document: String, configuration: ExtractiveConfiguration = .default
    ) throws -> [String] {
        try summarize(text: text, targetWords: targetWords, model: DocumentModel(text: document, configuration: configuration))
    }

    /// Summarises `text` against a precomputed document model. `position` is where `text` starts in the
    /// document (a fraction); it only matters for sentences the model does not know.
    public static func summarize(
        text: String, targetWords: Int, model: DocumentModel, position: Double? = nil
    ) throws -> [String] {
        let pool = candidates(in: text, model: model, position: position ?? 0)
        guard !pool.isEmpty else { throw ExtractiveSummarizerError.noSentences }
        var eligible = pool.indices.filter { DocumentModel.passes(pool[$0].sentence, model.configuration) }
        if eligible.isEmpty {
            // Nothing passes the content filter: fall back to the single best sentence.
            eligible = [pool.indices.max { better(pool[$1], than: pool[$0]) }!]
        }
        let candidates = eligible.map { pool[$0] }
        let chosen = switch model.configuration.selection {
        case .mmr: select(from: candidates, targetWords: max(targetWords, 1), lambda: model.configuration.mmrLambda)
        case .coverage: cover(from: candidates, targetWords: max(targetWords, 1), model: model)
        }
        return chosen.sorted { $0.order < $1.order }.map(\.sentence.text)
    }

    /// The lowercased letters and digits of `text`, words joined by one space: how a sentence is recognised again
    /// after cleaning, capitalisation or punctuation changed.
    public static func key(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for b in text.utf8 {
            let isAlnum = (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b >= 0x80
            if isAlnum {
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            } else {
                pendingSpace = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    struct Candidate {
        var sentence: DocumentModel.Sentence
        /// Source order: the document index when known, else after the known ones by local order.
        var order: Double
    }

    static func candidates(in text: String, model: DocumentModel, position: Double) -> [Candidate] {
        var result: [Candidate] = []
        if text == model.text {
            // The whole document: its sentences are already parsed, cleaned and keyed; a repeat defers to its
            // first occurrence (`canonical`).
            for (i, sentence) in model.sentences.enumerated() where model.canonical[i] == Int32(i) {
                result.append(Candidate(sentence: sentence, order: Double(i)))
            }
            return result
        }
        var seenKnown = Set<Int32>()
        var seenExternal = Set<String>()
        var local = 0
        for turn in TranscriptParser.parse(text).turns {
            if let known = model.turnSentences[turn.text] {
                // A whole turn of the document (a map segment): its sentences are parsed and cleaned already.
                for d in known {
                    local += 1
                    let i = model.canonical[Int(d)]
                    guard i >= 0, seenKnown.insert(i).inserted else { continue }
                    var sentence = model.sentences[Int(i)]
                    sentence.text = model.sentences[Int(d)].text
                    result.append(Candidate(sentence: sentence, order: Double(i)))
                }
                continue
            }
            for raw in SentenceSplitter.split(turn.text) {
                let cleaned = SpokenCleaner.clean(raw)
                guard !cleaned.isEmpty else { continue }
                local += 1
                let key = key(cleaned)
                guard !key.isEmpty else { continue }
                if let i = model.index[key] {
                    guard seenKnown.insert(Int32(i)).inserted else { continue }
                    var sentence = model.sentences[i]
                    sentence.text = cleaned
                    result.append(Candidate(sentence: sentence, order: Double(i)))
                } else {
                    guard seenExternal.insert(key).inserted else { continue }
                    let sentence = model.external(cleaned, position: position)
                    result.append(Candidate(sentence: sentence, order: Double(model.sentences.count) + Double(local)))
                }
            }
        }
        return result
    }

    static func better(_ a: Candidate, than b: Candidate) -> Bool {
        if a.sentence.relevance != b.sentence.relevance { return a.sentence.relevance > b.sentence.relevance }
        if a.sentence.words != b.sentence.words { return a.sentence.words > b.sentence.words }
        return a.order < b.order
    }

    /// Sentences in the document-wide coverage order first, then a greedy coverage pass over the rest.
    static func cover(from pool: [Candidate], targetWords: Int, model: DocumentModel) -> [Candidate] {
        let ranked = pool.filter { $0.sentence.globalRank >= 0 }.sorted { $0.sentence.globalRank < $1.sentence.globalRank }
        var chosen: [Candidate] = []
        var words = 0
        for candidate in ranked where words < targetWords {
            guard fits(candidate.sentence.words, after: words, target: targetWords, model.configuration) else { continue }
            chosen.append(candidate)
            words += candidate.sentence.words
        }
        guard words < targetWords else { return chosen }
        var covered = [Bool](repeating: false, count: model.conceptWeight.count)
        for c in chosen { for term in c.sentence.vector.terms { covered[Int(term)] = true } }
        let rest = pool.filter { $0.sentence.globalRank < 0 }
        let order = greedyCover(
            rest.map(\.sentence), targetWords: targetWords - words, conceptWeight: model.conceptWeight,
            configuration: model.configuration, covered: covered, alreadyChosen: chosen.map(\.sentence), fit: true)
        return chosen + order.map { rest[$0] }
    }

    /// Whether a sentence of `length` words may follow `words` words: the one that reaches the target may
    /// overshoot it by at most `overshoot` of its own length.
    static func fits(_ length: Int, after words: Int, target: Int, _ configuration: ExtractiveConfiguration) -> Bool {
        let over = words + length - target
        return over <= 0 || Double(over) <= configuration.overshoot * Double(length)
    }

    /// Greedy budgeted concept coverage (after Gillick and Favre's concept ILP and Lin and Bilmes' submodular
    /// summarisation): each step takes the sentence whose not-yet-covered centroid terms weigh the most per
    /// word^lengthExponent, times its opening weight; a term counts once, however many sentences mention it.
    /// Returns indices into `pool`, in pick order. Ties go to the earlier sentence.
    static func greedyCover(
        _ pool: [DocumentModel.Sentence], targetWords: Int, conceptWeight: [Float], configuration: ExtractiveConfiguration,
        covered initial: [Bool]?, alreadyChosen: [DocumentModel.Sentence] = [], fit: Bool = false
    ) -> [Int] {
        let nearDuplicate: Float = 0.7
        let exponent = Float(configuration.lengthExponent)
        var covered = initial ?? [Bool](repeating: false, count: conceptWeight.count)
        let lengthCost = pool.map { powf(Float(max($0.words, 1)), exponent) }
        let question = Float(configuration.questionWeight)
        let opening = pool.map {
            DocumentModel.openingWeight($0.position, configuration) * ($0.text.utf8.last == UInt8(ascii: "?") ? question : 1)
        }
        var chosen: [Int] = []
        var chosenVectors = alreadyChosen.map(\.vector)
        var words = 0
        func gain(_ i: Int) -> Float {
            var g: Float = 0
            for term in pool[i].vector.terms where !covered[Int(term)] { g += conceptWeight[Int(term)] }
            return g * opening[i] / lengthCost[i]
        }
        // Lazy greedy: a sentence's gain only falls as terms get covered, so a stale gain is an upper bound and
        // only the heap's top needs recomputing. Same picks as the plain greedy, far fewer gain evaluations.
        var heap = GainHeap(pool.indices.map { (gain($0), $0) }, relevance: pool.map(\.relevance))
        while words < targetWords, let (bound, i) = heap.pop() {
            let fresh = gain(i)
            if fresh < bound, let next = heap.peek(), heap.isBefore((fresh, i), next) == false {
                heap.push((fresh, i))
                continue
            }
            // A near-duplicate of a chosen sentence adds nothing even when its wording covers a stray new term.
            if chosenVectors.contains(where: { $0.cosine(pool[i].vector) >= nearDuplicate }) { continue }
            if fit && !fits(pool[i].words, after: words, target: targetWords, configuration) { continue }
            chosen.append(i)
            chosenVectors.append(pool[i].vector)
            words += pool[i].words
            for term in pool[i].vector.terms { covered[Int(term)] = true }
        }
        return chosen
    }

    /// Maximal marginal relevance over a shortlist: each step takes the sentence with the best
    /// `λ·relevance − (1−λ)·(max cosine to a chosen sentence)`, until the word target is reached.
    static func select(from pool: [Candidate], targetWords: Int, lambda: Double) -> [Candidate] {
        let ranked = pool.sorted { better($0, than: $1) }
        let lambda = Float(lambda)
        let shortlistSize = min(ranked.count, 300)
        var shortlist = Array(ranked[..<shortlistSize])
        var maxSimilarity = [Float](repeating: 0, count: shortlist.count)
        var taken = [Bool](repeating: false, count: shortlist.count)
        var chosen: [Candidate] = []
        var words = 0
        var next = shortlistSize
        while words < targetWords {
            var best = -1
            var bestScore = -Float.infinity
            for i in shortlist.indices where !taken[i] {
                let score = lambda * shortlist[i].sentence.relevance - (1 - lambda) * maxSimilarity[i]
                if score > bestScore {
                    bestScore = score
                    best = i
                }
            }
            if best < 0 {
                // The shortlist ran out before the target: widen it.
                guard next < ranked.count else { break }
                let end = min(ranked.count, next + 300)
                shortlist += ranked[next..<end]
                maxSimilarity += chosen.isEmpty ? [Float](repeating: 0, count: end - next) : ranked[next..<end].map { c in
                    chosen.map { $0.sentence.vector.cosine(c.sentence.vector) }.max() ?? 0
                }
                taken += [Bool](repeating: false, count: end - next)
                next = end
                continue
            }
            taken[best] = true
            let pick = shortlist[best]
            chosen.append(pick)
            words += pick.sentence.words
            for i in shortlist.indices where !taken[i] {
                maxSimilarity[i] = max(maxSimilarity[i], pick.sentence.vector.cosine(shortlist[i].sentence.vector))
            }
        }
        return chosen
    }
}

/// A max-heap of (gain, index): higher gain first, then higher relevance, then the earlier index.
struct GainHeap {
    private var items: [(Float, Int)]
    private let relevance: [Float]

    init(_ items: [(Float, Int)], relevance: [Float]) {
        self.items = []
        self.relevance = relevance
        self.items.reserveCapacity(items.count)
        for item in items { push(item) }
    }

    func isBefore(_ a: (Float, Int), _ b: (Float, Int)) -> Bool {
        if a.0 != b.0 { return a.0 > b.0 }
        if relevance[a.1] != relevance[b.1] { return relevance[a.1] > relevance[b.1] }
        return a.1 < b.1
    }

    func peek() -> (Float, Int)? { items.first }

    mutating func push(_ item: (Float, Int)) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard isBefore(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (Float, Int)? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var best = parent
                if left < items.count && isBefore(items[left], items[best]) { best = left }
                if right < items.count && isBefore(items[right], items[best]) { best = right }
                if best == parent { break }
                items.swapAt(parent, best)
                parent = best
            }
        }
        return top
    }
}
