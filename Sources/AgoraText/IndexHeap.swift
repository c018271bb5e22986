/// A binary min-heap of positions: the repeats waiting to be deleted, leftmost first.
struct IndexHeap {
    private var items: [Int] = []

    var min: Int? { items.first }

    mutating func push(_ value: Int) {
        items.append(value)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMin() {
        guard !items.isEmpty else { return }
        items.swapAt(0, items.count - 1)
        items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < items.count else { break }
            var smallest = left
            if left + 1 < items.count && items[left + 1] < items[left] { smallest = left + 1 }
            guard items[smallest] < items[parent] else { break }
            items.swapAt(smallest, parent)
            parent = smallest
        }
    }
}
