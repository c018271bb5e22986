/// The knobs of the extractive summariser. The defaults are the configuration measured in `docs/summariser.md`.
public struct ExtractiveConfiguration: Sendable, Hashable {
    /// How a sentence's salience against the meeting is measured.
    public enum Salience: String, Sendable, Hashable, CaseIterable {
        /// Cosine between the sentence's TF-IDF vector and the meeting's centroid.
        case cosine
        /// The centroid weight of the sentence's distinct terms, divided by `words ^ lengthExponent`.
        case coverage
    }

    /// How sentences are chosen once ranked.
    public enum Selection: String, Sendable, Hashable, CaseIterable {
        /// Maximal marginal relevance: relevance minus similarity to what is already chosen.
        case mmr
        /// Greedy concept coverage: each step takes the sentence whose not-yet-covered centroid terms weigh the
        /// most per word^lengthExponent, times its opening weight. Redundancy costs nothing extra: covered terms
        /// stop counting.
        case coverage
    }

    public var salience: Salience
    public var selection: Selection
    /// For `.coverage`: 0 favours long sentences, 1 rewards density per word.
    public var lengthExponent: Double
    /// Extra weight on the opening: relevance × (1 + openingBoost × exp(−position / openingDecay)).
    public var openingBoost: Double
    /// The fraction of the meeting over which the opening boost decays by a factor e.
    public var openingDecay: Double
    /// MMR trade-off: 1 ranks by relevance alone, lower values penalise similarity to sentences already chosen.
    public var mmrLambda: Double
    /// The candidate filter: at least this many words, this many of them content words.
    public var minWords: Int
    public var minContentWords: Int
    /// Centroid term weight: document term frequency raised to this power (1 = raw tf, 0.5 = square root), × IDF.
    public var centroidTFExponent: Double
    /// Keep only this many of the heaviest terms in the centroid (0 keeps all).
    public var centroidTerms: Int
    /// Relevance × (words in the sentence's turn / 10) ^ this: substance is said in long turns, reactions in short ones.
    public var turnLengthExponent: Double
    /// The centroid's IDF raised to this power (0 = plain term frequency).
    public var idfExponent: Double
    /// Coverage gain × this for a question: a summary reports, it does not ask.
    public var questionWeight: Double
    /// The sentence that reaches the word target may overshoot it by at most this fraction of its own words
    /// (1 = any sentence); one that would overshoot more is passed over for the next that fits.
    public var overshoot: Double

    public init(
        salience: Salience = .cosine,
        selection: Selection = .coverage,
        lengthExponent: Double = 0.5,
        openingBoost: Double = 1.0,
        openingDecay: Double = 0.1,
        mmrLambda: Double = 0.7,
        minWords: Int = 5,
        minContentWords: Int = 3,
        centroidTFExponent: Double = 1.0,
        centroidTerms: Int = 0,
        turnLengthExponent: Double = 0,
        idfExponent: Double = 0.5,
        questionWeight: Double = 1,
        overshoot: Double = 1
    ) {
        self.salience = salience
        self.selection = selection
        self.lengthExponent = lengthExponent
        self.openingBoost = openingBoost
        self.openingDecay = openingDecay
        self.mmrLambda = mmrLambda
        self.minWords = minWords
        self.minContentWords = minContentWords
        self.centroidTFExponent = centroidTFExponent
        self.centroidTerms = centroidTerms
        self.turnLengthExponent = turnLengthExponent
        self.idfExponent = idfExponent
        self.questionWeight = questionWeight
        self.overshoot = overshoot
    }

    public static let `default` = ExtractiveConfiguration()

    /// Sets a knob by name (`openingBoost=0.5`), for experiments from the command line.
    public mutating func set(_ assignment: String) throws {
        let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw ExtractiveSummarizerError.badConfiguration(assignment) }
        let (key, value) = (parts[0], parts[1])
        func number() throws -> Double {
            guard let v = Double(value) else { throw ExtractiveSummarizerError.badConfiguration(assignment) }
            return v
        }
        switch key {
        case "salience":
            guard let s = Salience(rawValue: value) else { throw ExtractiveSummarizerError.badConfiguration(assignment) }
            salience = s
        case "selection":
            guard let s = Selection(rawValue: value) else { throw ExtractiveSummarizerError.badConfiguration(assignment) }
            selection = s
        case "lengthExponent": lengthExponent = try number()
        case "openingBoost": openingBoost = try number()
        case "openingDecay": openingDecay = try number()
        case "mmrLambda": mmrLambda = try number()
        case "minWords": minWords = Int(try number())
        case "minContentWords": minContentWords = Int(try number())
        case "centroidTFExponent": centroidTFExponent = try number()
        case "centroidTerms": centroidTerms = Int(try number())
        case "turnLengthExponent": turnLengthExponent = try number()
        case "idfExponent": idfExponent = try number()
        case "questionWeight": questionWeight = try number()
        case "overshoot": overshoot = try number()
        default: throw ExtractiveSummarizerError.badConfiguration(assignment)
        }
    }
}
