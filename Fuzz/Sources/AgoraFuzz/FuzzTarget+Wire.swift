import AgoraHTTP
import Foundation

extension FuzzTarget {
    /// The events do not depend on how the stream is cut into chunks: the input fed whole and fed in pieces (cut
    /// where the input's own bytes say, so the fuzzer explores the cuts too) give the same events.
    static func sse(_ bytes: [UInt8]) {
        var whole = SSEParser()
        let expected = whole.feed(bytes) + whole.finish()
        var pieces = SSEParser()
        var events: [SSEEvent] = []
        var start = 0
        var seed = bytes.first.map(Int.init) ?? 1
        while start < bytes.count {
            seed = (seed &* 1_103_515_245 &+ 12_345) & 0x7FFF_FFFF
            let end = min(bytes.count, start + 1 + seed % 7)
            events += pieces.feed(bytes[start..<end])
            start = end
        }
        events += pieces.finish()
        precondition(events == expected, "chunking changed the events")
    }

    /// A server's reply, a stream chunk and an error body: decoding may fail, never crash.
    static func openAI(_ data: Data) {
        _ = try? OpenAIWire.decodeResponse(data)
        _ = try? OpenAIWire.decodeChunk(String(decoding: data, as: UTF8.self))
        _ = OpenAIWire.decodeError(data)
    }
}
