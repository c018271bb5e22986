/// Precision, recall and F1 of one ROUGE measure, as fractions (0...1).
public struct RougeScore: Sendable, Hashable, Codable {
    public var precision: Double
    public var recall: Double
    public var f1: Double

    public init(precision: Double, recall: Double) {
        self.precision = precision
        self.recall = recall
        self.f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }

    public static let zero = RougeScore(precision: 0, recall: 0)
}

/// ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum of one summary against one reference.
public struct RougeScores: Sendable, Hashable, Codable {
    public var rouge1: RougeScore
    public var rouge2: RougeScore
    public var rougeL: RougeScore
    public var rougeLsum: RougeScore

    public init(rouge1: RougeScore, rouge2: RougeScore, rougeL: RougeScore, rougeLsum: RougeScore) {
        self.rouge1 = rouge1
        self.rouge2 = rouge2
        self.rougeL = rougeL
        self.rougeLsum = rougeLsum
    }
}

/// ROUGE as Google's `rouge-score` computes it (`RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"],
/// use_stemmer=True)`): n-gram overlap with clipped counts, LCS over the whole text, and summary-level LCS
/// (union LCS per reference sentence) over newline-separated sentences for ROUGE-Lsum.
///
/// ```swift
/// let scores = Rouge().score(reference: "the cat sat\non the mat", candidate: "a cat sat on a mat")
/// print(scores.rouge1.f1)
/// ```
public struct Rouge: Sendable {
    public var tokenizer: RougeTokenizer

    public init(stemming: Bool = true) {
        tokenizer = RougeTokenizer(stemming: stemming)
    }

    public func score(reference: String, candidate: String) -> RougeScores {
        let ref = tokenizer.tokenize(reference)
        let cand = tokenizer.tokenize(candidate)
        let sentences: (String) -> [[String]] = { text in
            text.split(separator: "\n", omittingEmptySubsequences: true).map { tokenizer.tokenize(String($0)) }
        }
        return RougeScores(
            rouge1: Self.ngramScore(ref, cand, n: 1),
            rouge2: Self.ngramScore(ref, cand, n: 2),
            rougeL: Self.lcsScore(ref, cand),
            rougeLsum: Self.summaryLevelLCS(sentences(reference), sentences(candidate)))
    }

    static func ngrams(_ tokens: [String], n: Int) -> [[String]: Int] {
        var counts: [[String]: Int] = [:]
        guard tokens.count >= n else { return counts }
        for i in 0...(tokens.count - n) { counts[Array(tokens[i..<(i + n)]), default: 0] += 1 }
        return counts
    }

    static func ngramScore(_ reference: [String], _ candidate: [String], n: Int) -> RougeScore {
        let r = ngrams(reference, n: n)
        let c = ngrams(candidate, n: n)
        let overlap = r.reduce(0) { $0 + min($1.value, c[$1.key] ?? 0) }
        let rTotal = r.values.reduce(0, +)
        let cTotal = c.values.reduce(0, +)
        return RougeScore(precision: Double(overlap) / Double(max(cTotal, 1)), recall: Double(overlap) / Double(max(rTotal, 1)))
    }

    static func lcsTable(_ a: [String], _ b: [String]) -> [[Int]] {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 1...max(a.count, 1) where i <= a.count {
            for j in 1...max(b.count, 1) where j <= b.count {
                table[i][j] = a[i - 1] == b[j - 1] ? table[i - 1][j - 1] + 1 : max(table[i - 1][j], table[i][j - 1])
            }
        }
        return table
    }

    static func lcsScore(_ reference: [String], _ candidate: [String]) -> RougeScore {
        guard !reference.isEmpty, !candidate.isEmpty else { return .zero }
        let length = lcsTable(reference, candidate)[reference.count][candidate.count]
        return RougeScore(precision: Double(length) / Double(candidate.count), recall: Double(length) / Double(reference.count))
    }

    /// The indices into `reference` of one longest common subsequence, read back as rouge-score does.
    static func lcsIndices(_ reference: [String], _ candidate: [String]) -> [Int] {
        let table = lcsTable(reference, candidate)
        var i = reference.count
        var j = candidate.count
        var indices: [Int] = []
        while i > 0 && j > 0 {
            if reference[i - 1] == candidate[j - 1] {
                indices.append(i - 1)
                i -= 1
                j -= 1
            } else if table[i][j - 1] > table[i - 1][j] {
                j -= 1
            } else {
                i -= 1
            }
        }
        return indices.reversed()
    }

    static func summaryLevelLCS(_ reference: [[String]], _ candidate: [[String]]) -> RougeScore {
        let m = reference.reduce(0) { $0 + $1.count }
        let n = candidate.reduce(0) { $0 + $1.count }
        guard m > 0, n > 0 else { return .zero }
        var referenceCounts: [String: Int] = [:]
        var candidateCounts: [String: Int] = [:]
        for sentence in reference { for token in sentence { referenceCounts[token, default: 0] += 1 } }
        for sentence in candidate { for token in sentence { candidateCounts[token, default: 0] += 1 } }
        var hits = 0
        for sentence in reference {
            var union = Set<Int>()
            for other in candidate { union.formUnion(lcsIndices(sentence, other)) }
            for index in union.sorted() {
                let token = sentence[index]
                if let c = candidateCounts[token], c > 0, let r = referenceCounts[token], r > 0 {
                    hits += 1
                    candidateCounts[token] = c - 1
                    referenceCounts[token] = r - 1
                }
            }
        }
        return RougeScore(precision: Double(hits) / Double(n), recall: Double(hits) / Double(m))
    }
}
