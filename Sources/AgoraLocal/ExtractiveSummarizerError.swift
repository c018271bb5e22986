/// Why the extractive summariser could not summarise.
public enum ExtractiveSummarizerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text holds no sentence at all (it is empty or only punctuation and fillers).
    case noSentences
    /// A configuration assignment (`name=value`) that names no knob or has a bad value.
    case badConfiguration(String)

    public var description: String {
        switch self {
        case .noSentences: "the text to summarise has no sentences"
        case .badConfiguration(let text):
            "bad summariser setting '\(text)': expected name=value with name one of salience, selection, lengthExponent, "
                + "openingBoost, openingDecay, mmrLambda, minWords, minContentWords, centroidTFExponent, centroidTerms, turnLengthExponent, idfExponent, questionWeight, overshoot"
        }
    }
}
