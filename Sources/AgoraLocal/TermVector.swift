/// A sparse vector of term weights, sorted by term id, so two vectors meet in one linear merge.
struct TermVector: Sendable, Hashable {
    var terms: [Int32] = []
    var weights: [Float] = []
    var norm: Float = 0

    /// Builds the vector from term occurrences (ids may repeat), each weighted by `idf`.
    init(occurrences: [Int32], idf: [Float]) {
        guard !occurrences.isEmpty else { return }
        let sorted = occurrences.sorted()
        var i = 0
        while i < sorted.count {
            let term = sorted[i]
            var count: Float = 0
            while i < sorted.count && sorted[i] == term {
                count += 1
                i += 1
            }
            let weight = count * idf[Int(term)]
            if weight > 0 {
                terms.append(term)
                weights.append(weight)
            }
        }
        norm = weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    init() {}

    func dot(_ other: TermVector) -> Float {
        var i = 0
        var j = 0
        var sum: Float = 0
        while i < terms.count && j < other.terms.count {
            let a = terms[i]
            let b = other.terms[j]
            if a == b {
                sum += weights[i] * other.weights[j]
                i += 1
                j += 1
            } else if a < b {
                i += 1
            } else {
                j += 1
            }
        }
        return sum
    }

    func cosine(_ other: TermVector) -> Float {
        guard norm > 0, other.norm > 0 else { return 0 }
        return dot(other) / (norm * other.norm)
    }
}
