import AgoraCore
import AgoraMemory
import Foundation

/// Deterministic synthetic memory entries with a Zipf-distributed vocabulary: English function words at the head
/// (as in real text), then made-up content words. Entry `i` is the same for a given seed, whatever the order.
struct SyntheticCorpus: Sendable {
    let vocabulary: [String]
    /// Cumulative Zipf weights, for sampling a word rank by binary search.
    private let cumulative: [Double]
    let seed: UInt64
    static let namespaces = ["default", "meetings", "research", "ops"]
    static let tags = (0..<20).map { "tag\($0)" }

    init(vocabularySize: Int = 50_000, exponent: Double = 1.0, seed: UInt64 = 42) {
        let head = FullTextStopwords.english
        var generator = SplitMix64(seed: seed)
        var words = head
        var seen = Set(head)
        let consonants = Array("bcdfghjklmnprstvwz"), vowels = Array("aeiou")
        while words.count < vocabularySize {
            let syllables = 2 + Int(generator.next() % 3)
            var word = ""
            for _ in 0..<syllables {
                word.append(consonants[Int(generator.next() % UInt64(consonants.count))])
                word.append(vowels[Int(generator.next() % UInt64(vowels.count))])
            }
            if seen.insert(word).inserted { words.append(word) }
        }
        vocabulary = words
        var total = 0.0
        cumulative = (1...vocabularySize).map { rank in
            total += 1 / pow(Double(rank), exponent)
            return total
        }
        self.seed = seed
    }

    /// A word drawn from the Zipf distribution.
    func word(_ generator: inout SplitMix64) -> String {
        let target = Double(generator.next() >> 11) / Double(1 << 53) * cumulative[cumulative.count - 1]
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] < target { low = mid + 1 } else { high = mid }
        }
        return vocabulary[low]
    }

    func words(of index: Int) -> [String] {
        var generator = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        let count = 8 + Int(generator.next() % 33)
        return (0..<count).map { _ in word(&generator) }
    }

    func draft(_ index: Int) -> MemoryDraft {
        var generator = SplitMix64(seed: ~(seed &+ UInt64(index)))
        let tagCount = Int(generator.next() % 3)
        let tags = (0..<tagCount).map { _ in Self.tags[Int(generator.next() % UInt64(Self.tags.count))] }
        let namespace = Self.namespaces[Int(generator.next() % UInt64(Self.namespaces.count))]
        return MemoryDraft(text: words(of: index).joined(separator: " "), tags: tags, namespace: namespace)
    }

    /// A query of 2–4 words taken from a random entry among the first `entries`, as someone recalling it would.
    func query(_ generator: inout SplitMix64, entries: Int) -> String {
        let words = words(of: Int(generator.next() % UInt64(entries)))
        let count = 2 + Int(generator.next() % 3)
        return (0..<count).map { _ in words[Int(generator.next() % UInt64(words.count))] }.joined(separator: " ")
    }
}
