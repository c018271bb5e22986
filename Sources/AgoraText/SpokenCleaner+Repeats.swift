extension SpokenCleaner {
    /// Deletes the first copy of an immediately repeated run of one to four words: "which one which one" -> "which one".
    ///
    /// Deletions go shortest run first, then leftmost first, until no repeat is left: the order of the first version,
    /// which rescanned the sentence from its start after every deletion and so cost O(n²) on a long sentence full of
    /// repeats (ASR output without punctuation is one such "sentence"). The order matters ("a b a b b" and others
    /// end differently in another order), so it is kept: a deletion can only create repeats that span the point
    /// where it closed the gap, so those few are rechecked and every repeat waits in a heap per run length, keyed by
    /// its first word's original position (deletion keeps the order of the rest). O(n log n) in all.
    static func removeRepeats(_ tokens: inout [Token]) {
        // Most sentences have no repeat at all: find that out without allocating.
        guard let first = firstRepeat(tokens) else { return }
        var ids: [Int] = []
        ids.reserveCapacity(tokens.count)
        var numbering: [String: Int] = [:]
        for token in tokens {
            let next = numbering.count
            ids.append(numbering[token.core, default: next])
            if numbering[token.core] == nil { numbering[token.core] = next }
        }
        var list = RepeatList(ids: ids)
        var heaps = [IndexHeap](repeating: IndexHeap(), count: RepeatList.maxRun + 1)
        for start in first..<tokens.count {
            for length in 1...RepeatList.maxRun where list.repeats(at: start, length: length) {
                heaps[length].push(start)
            }
        }
        search: while true {
            for length in 1...RepeatList.maxRun {
                while let start = heaps[length].min {
                    guard list.repeats(at: start, length: length) else {
                        heaps[length].popMin()
                        continue
                    }
                    heaps[length].popMin()
                    let junction = list.removeRun(at: start, length: length)
                    // Only repeats that straddle the closed gap are new: they start at most 2 × maxRun − 1 words
                    // before the first word after it.
                    var candidate = list.previous[junction]
                    var back = 1
                    while candidate >= 0 && back < 2 * RepeatList.maxRun {
                        for runLength in 1...RepeatList.maxRun where list.repeats(at: candidate, length: runLength) {
                            heaps[runLength].push(candidate)
                        }
                        candidate = list.previous[candidate]
                        back += 1
                    }
                    continue search
                }
            }
            break
        }
        var kept: [Token] = []
        kept.reserveCapacity(tokens.count)
        for index in tokens.indices where list.alive[index] { kept.append(tokens[index]) }
        tokens = kept
    }

    /// The position of the first word of any repeat (of any length up to `RepeatList.maxRun`), or nil.
    static func firstRepeat(_ tokens: [Token]) -> Int? {
        for start in tokens.indices {
            var length = 1
            while length <= RepeatList.maxRun && start + 2 * length <= tokens.count {
                var same = true
                for k in 0..<length where tokens[start + k].core != tokens[start + length + k].core {
                    same = false
                    break
                }
                if same { return start }
                length += 1
            }
        }
        return nil
    }
}
