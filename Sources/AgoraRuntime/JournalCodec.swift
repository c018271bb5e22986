import AgoraCore
import Foundation

/// How a child's result goes into the run journal and comes back: a key for its inputs, and its coding.
/// Set on a `ChildAgent` (with `journaled(key:)`) to make the child resumable.
///
/// A class, so that a child description carries a reference rather than the whole codec.
public final class JournalCodec<Result: Sendable>: Sendable {
    /// A hash of everything the result depends on: inputs, instructions, back end. Another key, another result.
    public let key: String
    @usableFromInline let encode: @Sendable (Result, AgentUsage) throws -> Data
    @usableFromInline let decode: @Sendable (Data) throws -> (Result, AgentUsage)

    init(key: String, encode: @escaping @Sendable (Result, AgentUsage) throws -> Data, decode: @escaping @Sendable (Data) throws -> (Result, AgentUsage)) {
        self.key = key
        self.encode = encode
        self.decode = decode
    }
}

/// What the journal keeps of a finished child: its result and what its subtree consumed, so that a replay
/// accounts for the same usage as the original run.
struct JournalRecord<Result: Codable>: Codable {
    var result: Result
    var usage: AgentUsage
}

extension ChildAgent where Result: Codable {
    /// The same child, recorded in the swarm's run journal (if it has one) under `key` when it finishes, and
    /// replayed from it instead of run again when the same run is resumed.
    public func journaled(key: String) -> ChildAgent {
        var copy = self
        copy.journal = JournalCodec(
            key: key,
            encode: { result, usage in try JSONEncoder().encode(JournalRecord(result: result, usage: usage)) },
            decode: { data in
                let record = try JSONDecoder().decode(JournalRecord<Result>.self, from: data)
                return (record.result, record.usage)
            }
        )
        return copy
    }
}

/// A stable 64-bit FNV-1a hash in hex: journal keys must be the same from one process to the next, which
/// Swift's `Hasher` is not.
public func stableHash(_ parts: String...) -> String {
    stableHash(parts)
}

/// `stableHash` of an array of parts.
public func stableHash(_ parts: [String]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for part in parts {
        for byte in part.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        hash ^= 0xFF
        hash = hash &* 0x0000_0100_0000_01B3
    }
    return String(hash, radix: 16)
}
