import AgoraCore
@testable import AgoraText
import Foundation
import Testing

/// `removeRepeats` deletes in the same order as the first version, which rescanned the sentence after every
/// deletion (O(n²)), and its cost grows with the sentence, not with its square.
@Suite struct SpokenCleanerRepeatsTests {
    /// Tokens whose text names their position, so the test sees which copy of a repeat was kept.
    static func tokens(_ cores: [String]) -> [SpokenCleaner.Token] {
        cores.enumerated().map { SpokenCleaner.Token(text: "\($1)#\($0)"[...], core: $1, endsWithComma: false) }
    }

    @Test func matchesTheRescanningVersionOnRandomWords() {
        var generator = SplitMix64(seed: 11)
        var removed = 0
        for round in 0..<20_000 {
            // Few distinct words make repeats, and repeats of repeats, common.
            let alphabet = 2 + round % 3
            let count = Int(generator.next() % 40)
            let cores = (0..<count).map { _ in String(UnicodeScalar(UInt8(97 + Int(generator.next() % UInt64(alphabet))))) }
            var fast = Self.tokens(cores)
            var reference = fast
            SpokenCleaner.removeRepeats(&fast)
            ReferenceRepeats.remove(&reference)
            #expect(fast.map(\.text) == reference.map(\.text), "\(cores.joined(separator: " "))")
            if fast.map(\.text) != reference.map(\.text) { return }
            removed += count - fast.count
        }
        #expect(removed > 50_000, "the generator makes repeats: \(removed) words removed")
    }

    @Test func orderOfDeletionsIsKept() {
        // Shortest run first: `b b` goes before `a b a b`, and the later copy of each repeat stays.
        var tokens = Self.tokens(["a", "b", "a", "b", "b"])
        SpokenCleaner.removeRepeats(&tokens)
        #expect(tokens.map(\.text) == ["a#2", "b#4"])
    }

    /// One long "sentence" of repeats (ASR output has no full stops): 8 times the words must cost far less than
    /// 64 times the time (quadratic); the factor 24 leaves room for n log n and a loaded machine.
    @Test func costGrowsLinearlyWithALongSentenceOfRepeats() {
        func cost(_ words: Int) -> Duration {
            let cores = (0..<words).map { ["word", "alpha", "beta", "gamma"][$0 % 4] }
            let input = Self.tokens(cores)
            var best = Duration.seconds(1_000)
            for _ in 0..<3 {
                var tokens = input
                let elapsed = ContinuousClock().measure { SpokenCleaner.removeRepeats(&tokens) }
                #expect(tokens.count == 4)
                best = min(best, elapsed)
            }
            return best
        }
        let small = cost(4_000)
        let large = cost(32_000)
        #expect(large < small * 24, "4,000 words: \(small), 32,000 words: \(large)")
    }

    @Test func cleaningALongSentenceWithStuttersCostsInProportion() {
        func text(_ words: Int) -> String {
            var generator = SplitMix64(seed: 3)
            let vocabulary = ["the", "team", "should", "ship", "release", "on", "monday", "after", "we", "check", "latency"]
            var out: [String] = []
            while out.count < words {
                let word = vocabulary[Int(generator.next() % UInt64(vocabulary.count))]
                out.append(word)
                if generator.next() % 100 == 0 { out.append(word) }
            }
            return out.joined(separator: " ")
        }
        func cost(_ words: Int) -> Duration {
            let input = text(words)
            var best = Duration.seconds(1_000)
            for _ in 0..<3 {
                best = min(best, ContinuousClock().measure {
                    for sentence in SentenceSplitter.split(input) { _ = SpokenCleaner.clean(sentence) }
                })
            }
            return best
        }
        let small = cost(5_000)
        let large = cost(40_000)
        #expect(large < small * 24, "5,000 words: \(small), 40,000 words: \(large)")
    }
}

/// The first `removeRepeats`, kept as the specification of the order of deletions.
enum ReferenceRepeats {
    static func remove(_ tokens: inout [SpokenCleaner.Token]) {
        var changed = true
        while changed {
            changed = false
            var n = 1
            while n <= 4 && !changed {
                var i = 0
                while i + 2 * n <= tokens.count {
                    var same = true
                    for k in 0..<n where tokens[i + k].core != tokens[i + n + k].core {
                        same = false
                        break
                    }
                    if same {
                        tokens.removeSubrange(i..<(i + n))
                        changed = true
                        break
                    }
                    i += 1
                }
                n += 1
            }
        }
    }
}
