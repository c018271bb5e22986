/// The words of a sentence as a doubly linked list over their original positions, so that deleting a run costs
/// its length and positions keep their order.
struct RepeatList {
    static let maxRun = 4
    let ids: [Int]
    var next: [Int]
    var previous: [Int]
    var alive: [Bool]

    init(ids: [Int]) {
        self.ids = ids
        next = Array(1...ids.count)
        next[ids.count - 1] = -1
        previous = Array(-1..<(ids.count - 1))
        alive = Array(repeating: true, count: ids.count)
    }

    /// True when the `length` words from `start` are followed by the same `length` words.
    func repeats(at start: Int, length: Int) -> Bool {
        guard alive[start] else { return false }
        var second = start
        for _ in 0..<length {
            second = next[second]
            if second < 0 { return false }
        }
        var a = start
        var b = second
        for k in 0..<length {
            if ids[a] != ids[b] { return false }
            a = next[a]
            b = next[b]
            if b < 0 && k < length - 1 { return false }
        }
        return true
    }

    /// Deletes the `length` words from `start`; returns the word now after the gap (the repeat's second copy).
    mutating func removeRun(at start: Int, length: Int) -> Int {
        var last = start
        alive[start] = false
        for _ in 1..<length {
            last = next[last]
            alive[last] = false
        }
        let before = previous[start]
        let after = next[last]
        if before >= 0 { next[before] = after }
        previous[after] = before
        return after
    }
}
