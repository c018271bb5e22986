import AgoraText
import Foundation

/// Meeting-wide statistics, computed once per document and shared by every agent that summarises a piece of it:
/// each sentence's cleaned text, TF-IDF vector (IDF over the meeting's turns), salience against the meeting's
/// centroid, position, and the resulting relevance.
///
/// ```swift
/// let model = DocumentModel(text: transcript)
/// let lines = try ExtractiveSummarizer.summarize(text: segment, targetWords: 120, model: model)
/// ```
public final class DocumentModel: Sendable {
    struct Sentence: Sendable {
        var text: String
        var words: Int
        var contentWords: Int
        /// Where the sentence starts, as a fraction of the document's words.
        var position: Double
        /// Words in the turn the sentence belongs to.
        var turnWords: Int
        var vector: TermVector
        /// Salience × opening weight, scaled so the best candidate scores 1.
        var relevance: Float
        /// The sentence's place in the document-wide greedy coverage order (-1: not among the first picks).
        var globalRank: Int32 = -1
    }

    let configuration: ExtractiveConfiguration
    /// The text the model was built from: a request for the whole of it reuses the parsed sentences.
    let text: String
    let sentences: [Sentence]
    /// Normalised sentence text (see ``ExtractiveSummarizer/key(_:)``) to its first index in `sentences`.
    let index: [String: Int]
    /// For each sentence, the first sentence with the same key (its `index` entry; -1 for an empty key).
    let canonical: [Int32]
    /// A turn's text to its sentences (indices into `sentences`), for the first turn with that text: a segment
    /// made of whole turns finds its sentences here without splitting and cleaning them again.
    let turnSentences: [String: [Int32]]
    let analyzer: TermAnalyzer
    let idf: [Float]
    let centroid: TermVector
    /// The centroid's weight of each term id (0 for terms outside it), for coverage selection.
    let conceptWeight: [Float]
    let maxSalience: Float
    public let totalWords: Int
    /// How many words of the document-wide coverage order are precomputed (summaries longer than this continue
    /// with a greedy pass over what is left).
    static let rankedWords = 1_500

    /// The number of sentences (after cleaning, non-empty) in the document.
    public var sentenceCount: Int { sentences.count }

    public init(text: String, configuration: ExtractiveConfiguration = .default) {
        self.configuration = configuration
        self.text = text
        let transcript = TranscriptParser.parse(text)
        var analyzer = TermAnalyzer()
        var drafts: [(text: String, words: Int, content: Int, offset: Int, unit: Int, turnWords: Int, terms: [Int32])] = []
        var turnSentences: [String: [Int32]] = [:]
        var offset = 0
        for turn in transcript.turns {
            let turnWords = turn.wordCount
            let first = drafts.count
            for raw in SentenceSplitter.split(turn.text) {
                let (cleaned, cores) = SpokenCleaner.cleanWithCores(raw)
                let start = offset
                offset += WordCounter.count(raw)
                guard !cleaned.isEmpty else { continue }
                let analysis = analyzer.analyze(cores: cores)
                drafts.append((cleaned, analysis.words, analysis.contentWords, start, turn.index, turnWords, analysis.terms))
            }
            if turnSentences[turn.text] == nil { turnSentences[turn.text] = (first..<drafts.count).map { Int32($0) } }
        }
        totalWords = max(offset, 1)

        // IDF over turns; a text with few turns (one sentence a line, a monologue) counts sentences instead.
        let useTurns = transcript.turns.count >= 20
        var df = [Int32](repeating: 0, count: analyzer.termCount)
        var tf = [Float](repeating: 0, count: analyzer.termCount)
        var lastUnit = [Int](repeating: -1, count: analyzer.termCount)
        var units = 0
        var currentUnit = -1
        for (i, draft) in drafts.enumerated() {
            let unit = useTurns ? draft.unit : i
            if unit != currentUnit {
                currentUnit = unit
                units += 1
            }
            for term in draft.terms {
                tf[Int(term)] += 1
                if lastUnit[Int(term)] != unit {
                    lastUnit[Int(term)] = unit
                    df[Int(term)] += 1
                }
            }
        }
        let n = Float(max(units, 1))
        let idf = df.map { $0 > 0 ? log(max(n / Float($0), 1)) + Float.leastNonzeroMagnitude : 0 }
        // A term used in every unit carries no information; terms used once are noise for a centroid.
        var centroidTerms: [Int32] = []
        var centroidWeights: [Float] = []
        for term in 0..<analyzer.termCount where tf[term] >= 2 && idf[term] > 0 {
            centroidTerms.append(Int32(term))
            centroidWeights.append(pow(tf[term], Float(configuration.centroidTFExponent)) * pow(idf[term], Float(configuration.idfExponent)))
        }
        if configuration.centroidTerms > 0 && centroidTerms.count > configuration.centroidTerms {
            let keep = centroidTerms.indices
                .sorted { centroidWeights[$0] != centroidWeights[$1] ? centroidWeights[$0] > centroidWeights[$1] : $0 < $1 }
                .prefix(configuration.centroidTerms).sorted()
            centroidTerms = keep.map { centroidTerms[$0] }
            centroidWeights = keep.map { centroidWeights[$0] }
        }
        var centroid = TermVector()
        centroid.terms = centroidTerms
        centroid.weights = centroidWeights
        centroid.norm = centroidWeights.reduce(0) { $0 + $1 * $1 }.squareRoot()

        var sentences: [Sentence] = []
        sentences.reserveCapacity(drafts.count)
        var index: [String: Int] = [:]
        index.reserveCapacity(drafts.count)
        var canonical: [Int32] = []
        canonical.reserveCapacity(drafts.count)
        for draft in drafts {
            let vector = TermVector(occurrences: draft.terms, idf: idf)
            let sentence = Sentence(
                text: draft.text, words: draft.words, contentWords: draft.content,
                position: Double(draft.offset) / Double(totalWords), turnWords: draft.turnWords, vector: vector,
                relevance: 0)
            let key = ExtractiveSummarizer.key(draft.text)
            if key.isEmpty {
                canonical.append(-1)
            } else if let known = index[key] {
                canonical.append(Int32(known))
            } else {
                index[key] = sentences.count
                canonical.append(Int32(sentences.count))
            }
            sentences.append(sentence)
        }
        var conceptWeight = [Float](repeating: 0, count: analyzer.termCount)
        for (term, weight) in zip(centroid.terms, centroid.weights) { conceptWeight[Int(term)] = weight }
        // Scale salience so the opening weight and the MMR trade-off mean the same in every meeting.
        var maxSalience: Float = 0
        for i in sentences.indices {
            let s = Self.salience(sentences[i], centroid: centroid, dense: conceptWeight, configuration: configuration)
            sentences[i].relevance = s
            if Self.passes(sentences[i], configuration) { maxSalience = max(maxSalience, s) }
        }
        if maxSalience > 0 {
            for i in sentences.indices {
                sentences[i].relevance = sentences[i].relevance / maxSalience
                    * Self.openingWeight(sentences[i].position, configuration)
            }
        }
        self.conceptWeight = conceptWeight
        // The document-wide coverage order, computed once: every agent (map segment, reducer) takes its
        // sentences in this order first, so a map/reduce run picks what one global pass would pick.
        if configuration.selection == .coverage {
            let eligible = sentences.indices.filter { Self.passes(sentences[$0], configuration) }
            let order = ExtractiveSummarizer.greedyCover(
                eligible.map { sentences[$0] }, targetWords: Self.rankedWords, conceptWeight: conceptWeight,
                configuration: configuration, covered: nil)
            for (rank, local) in order.enumerated() { sentences[eligible[local]].globalRank = Int32(rank) }
        }
        self.sentences = sentences
        self.index = index
        self.canonical = canonical
        self.turnSentences = turnSentences
        self.analyzer = analyzer
        self.idf = idf
        self.centroid = centroid
        self.maxSalience = maxSalience
    }

    /// Salience, opening weight and scale for a sentence that is not in the document (say, a model's own words).
    func external(_ text: String, position: Double) -> Sentence {
        let analysis = analyzer.lookup(text)
        var sentence = Sentence(
            text: text, words: analysis.words, contentWords: analysis.contentWords, position: position,
            turnWords: analysis.words, vector: TermVector(occurrences: analysis.terms, idf: idf), relevance: 0)
        let s = Self.salience(sentence, centroid: centroid, dense: conceptWeight, configuration: configuration)
        sentence.relevance = maxSalience > 0 ? s / maxSalience * Self.openingWeight(position, configuration) : 0
        return sentence
    }

    /// `dense` is the centroid's weight by term id (what ``conceptWeight`` holds): a sentence meets the
    /// centroid in a few lookups instead of a merge over the centroid's thousands of terms.
    static func salience(_ s: Sentence, centroid: TermVector, dense: [Float], configuration: ExtractiveConfiguration) -> Float {
        let turnWeight = configuration.turnLengthExponent == 0
            ? 1 : pow(Float(max(s.turnWords, 1)) / 10, Float(configuration.turnLengthExponent))
        return turnWeight * baseSalience(s, centroid: centroid, dense: dense, configuration: configuration)
    }

    static func baseSalience(_ s: Sentence, centroid: TermVector, dense: [Float], configuration: ExtractiveConfiguration) -> Float {
        switch configuration.salience {
        case .cosine:
            guard s.vector.norm > 0, centroid.norm > 0 else { return 0 }
            var dot: Float = 0
            for (term, weight) in zip(s.vector.terms, s.vector.weights) { dot += weight * dense[Int(term)] }
            return dot / (s.vector.norm * centroid.norm)
        case .coverage:
            // Each distinct term counts once, by its weight in the centroid.
            guard s.words > 0, centroid.norm > 0 else { return 0 }
            var dot: Float = 0
            for term in s.vector.terms { dot += dense[Int(term)] }
            return dot / centroid.norm / pow(Float(s.words), Float(configuration.lengthExponent))
        }
    }

    static func openingWeight(_ position: Double, _ configuration: ExtractiveConfiguration) -> Float {
        guard configuration.openingBoost > 0, configuration.openingDecay > 0 else { return 1 }
        return Float(1 + configuration.openingBoost * exp(-position / configuration.openingDecay))
    }

    static func passes(_ s: Sentence, _ configuration: ExtractiveConfiguration) -> Bool {
        s.words >= configuration.minWords && s.contentWords >= configuration.minContentWords
    }
}
