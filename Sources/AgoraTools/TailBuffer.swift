import Foundation

/// The last `capacity` bytes of a stream, in memory that never grows past `capacity`: a tool may write gigabytes to
/// stderr and only its end is ever shown.
///
/// A `Data` trimmed with `suffix` does not do this: the slice keeps the whole storage it came from, and appending to
/// it grows that storage, so memory followed everything written.
struct TailBuffer {
    let capacity: Int
    private var storage: [UInt8]
    /// Where the next byte goes once the buffer is full.
    private var start = 0
    /// Bytes written in all, kept or not.
    private(set) var total = 0

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        storage = []
        storage.reserveCapacity(self.capacity)
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        total += bytes.count
        guard capacity > 0 else { return }
        // Only the last `capacity` bytes of this piece can survive it.
        let piece = bytes.count > capacity ? UnsafeRawBufferPointer(rebasing: bytes[(bytes.count - capacity)...]) : bytes
        for byte in piece {
            if storage.count < capacity {
                storage.append(byte)
            } else {
                storage[start] = byte
                start = (start + 1) % capacity
            }
        }
    }

    /// The kept bytes, oldest first.
    var data: Data {
        Data(storage[start...] + storage[..<start])
    }
}
