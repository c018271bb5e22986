/// One Server-Sent Event: the `data` lines joined with newlines, and the optional `event` and `id` fields.
public struct SSEEvent: Sendable, Hashable {
    public var event: String?
    public var data: String
    public var id: String?

    public init(event: String? = nil, data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}

/// An incremental parser for `text/event-stream` (the WHATWG rules): feed it bytes as they arrive, in chunks cut
/// anywhere, and it returns the events completed so far.
///
/// ```swift
/// var parser = SSEParser()
/// for try await chunk in response.body {
///     for event in parser.feed(chunk) where event.data != "[DONE]" { ... }
/// }
/// ```
///
/// Lines end with LF, CRLF or a lone CR (also when the CR and the LF arrive in different chunks). Lines starting
/// with `:` are comments (keep-alives). A blank line dispatches the event; an event without data is dropped.
public struct SSEParser: Sendable {
    private var line: [UInt8] = []
    private var afterCR = false
    private var data: [UInt8] = []
    private var hasData = false
    private var eventType: String?
    private var lastID: String?
    private var atStart = true

    public init() {}

    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [SSEEvent] {
        var events: [SSEEvent] = []
        for byte in bytes {
            if afterCR {
                afterCR = false
                if byte == 0x0A { continue }
            }
            switch byte {
            case 0x0A:
                processLine(into: &events)
            case 0x0D:
                afterCR = true
                processLine(into: &events)
            default:
                line.append(byte)
            }
        }
        return events
    }

    /// Call at the end of the stream. The standard drops an event not closed by a blank line; servers that end
    /// with `data: [DONE]` and no blank line are common, so an unterminated event with data is returned.
    public mutating func finish() -> [SSEEvent] {
        var events: [SSEEvent] = []
        if !line.isEmpty { processLine(into: &events) }
        if hasData { dispatch(into: &events) }
        return events
    }

    private mutating func processLine(into events: inout [SSEEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        if atStart {
            atStart = false
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        }
        if line.isEmpty {
            dispatch(into: &events)
            return
        }
        if line[0] == UInt8(ascii: ":") { return }
        let field: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            field = line[..<colon]
            value = line[(colon + 1)...]
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        } else {
            field = line[...]
            value = []
        }
        switch String(decoding: field, as: UTF8.self) {
        case "data":
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        case "event":
            eventType = String(decoding: value, as: UTF8.self)
        case "id":
            if !value.contains(0) { lastID = String(decoding: value, as: UTF8.self) }
        default:
            break  // `retry` and unknown fields do not concern a client that does not reconnect
        }
    }

    private mutating func dispatch(into events: inout [SSEEvent]) {
        if hasData {
            events.append(SSEEvent(event: eventType, data: String(decoding: data, as: UTF8.self), id: lastID))
        }
        data.removeAll(keepingCapacity: true)
        hasData = false
        eventType = nil
    }
}
