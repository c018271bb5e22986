/// The calls waiting at a model gate, in the order a freed slot goes to them: arrival order, or under
/// `.subtreeFirst` highest priority first and arrival order among equals.
///
/// A binary heap keyed by (rank, arrival) gives the next waiter in O(log n). Cancellation removes the waiter from
/// `waiting` at once (O(1)) and leaves its heap entry behind as a tombstone that `popFirst` skips; when tombstones
/// outnumber the live entries the heap is rebuilt, so it never grows past twice the queue (plus a small floor).
struct ModelGateQueue: Sendable {
    struct Waiter: Sendable, Hashable {
        var id: UInt64
        var priority: Int
        /// A call coming back from a retry backoff: it was counted when first admitted.
        var afterBackoff: Bool
    }

    private struct Entry: Sendable {
        /// Lower goes first: 0 for every waiter under FIFO, minus the priority under `.subtreeFirst`.
        var rank: Int
        var arrival: UInt64
        var id: UInt64

        func precedes(_ other: Entry) -> Bool {
            rank != other.rank ? rank < other.rank : arrival < other.arrival
        }
    }

    private var heap: [Entry] = []
    private var waiting: [UInt64: (waiter: Waiter, arrival: UInt64)] = [:]
    private var nextArrival: UInt64 = 0
    private(set) var policy: ModelGate.Policy

    init(policy: ModelGate.Policy) {
        self.policy = policy
    }

    var count: Int { waiting.count }

    mutating func push(_ waiter: Waiter) {
        precondition(waiting[waiter.id] == nil, "waiter \(waiter.id) is already queued")
        let arrival = nextArrival
        nextArrival += 1
        waiting[waiter.id] = (waiter, arrival)
        insert(Entry(rank: rank(of: waiter), arrival: arrival, id: waiter.id))
    }

    /// The waiter a freed slot goes to, taken out of the queue.
    mutating func popFirst() -> Waiter? {
        while let entry = removeTop() {
            if let live = waiting.removeValue(forKey: entry.id) { return live.waiter }
        }
        return nil
    }

    /// Takes a waiter out wherever it stands; nil if it is not queued (already admitted, or never here).
    mutating func remove(_ id: UInt64) -> Waiter? {
        guard let removed = waiting.removeValue(forKey: id) else { return nil }
        if heap.count > 2 * waiting.count + 64 { rebuild() }
        return removed.waiter
    }

    /// Orders the waiters by `policy`, the ones already queued included.
    mutating func reorder(by policy: ModelGate.Policy) {
        guard policy != self.policy else { return }
        self.policy = policy
        rebuild()
    }

    private func rank(of waiter: Waiter) -> Int {
        policy == .subtreeFirst ? -waiter.priority : 0
    }

    private mutating func rebuild() {
        heap.removeAll(keepingCapacity: true)
        for (id, live) in waiting.sorted(by: { $0.value.arrival < $1.value.arrival }) {
            insert(Entry(rank: rank(of: live.waiter), arrival: live.arrival, id: id))
        }
    }

    private mutating func insert(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func removeTop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < heap.count, heap[left].precedes(heap[first]) { first = left }
            if right < heap.count, heap[right].precedes(heap[first]) { first = right }
            if first == parent { break }
            heap.swapAt(parent, first)
            parent = first
        }
        return top
    }
}
