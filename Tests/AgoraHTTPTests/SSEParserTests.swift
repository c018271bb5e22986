import Testing
@testable import AgoraHTTP

@Suite struct SSEParserTests {
    private func parseAll(_ chunks: [String]) -> [SSEEvent] {
        var parser = SSEParser()
        var events: [SSEEvent] = []
        for chunk in chunks { events += parser.feed(Array(chunk.utf8)) }
        return events + parser.finish()
    }

    @Test func parsesEventsSeparatedByBlankLines() {
        let events = parseAll(["data: one\n\ndata: two\n\n"])
        #expect(events.map(\.data) == ["one", "two"])
    }

    @Test func joinsLinesCutAnywhereAcrossChunks() {
        let text = "data: {\"a\": 1}\n\ndata: [DONE]\n\n"
        let bytewise = text.map(String.init)
        #expect(parseAll(bytewise).map(\.data) == ["{\"a\": 1}", "[DONE]"])
        for cut in 1..<text.count {
            let index = text.index(text.startIndex, offsetBy: cut)
            #expect(parseAll([String(text[..<index]), String(text[index...])]).map(\.data) == ["{\"a\": 1}", "[DONE]"])
        }
    }

    @Test func acceptsCRLFAndLoneCREvenWhenSplit() {
        #expect(parseAll(["data: a\r\n\r\ndata: b\r\r"]).map(\.data) == ["a", "b"])
        // A CR at the end of one chunk and its LF at the start of the next are one line break, not two.
        #expect(parseAll(["data: a\r", "\ndata: b\r", "\n\r", "\n"]).map(\.data) == ["a\nb"])
    }

    @Test func skipsCommentsAndUnknownFields() {
        let events = parseAll([": keep-alive\n\n", "retry: 100\nfoo: bar\ndata: x\n\n", ":\n"])
        #expect(events.map(\.data) == ["x"])
    }

    @Test func joinsMultiLineDataAndKeepsEventAndID() {
        let events = parseAll(["event: delta\nid: 7\ndata: line1\ndata: line2\ndata\n\n"])
        #expect(events == [SSEEvent(event: "delta", data: "line1\nline2\n", id: "7")])
    }

    @Test func stripsOnlyOneSpaceAfterTheColon() {
        #expect(parseAll(["data:no-space\n\ndata:  two\n\n"]).map(\.data) == ["no-space", " two"])
    }

    @Test func dropsEventsWithoutDataAndKeepsAnUnterminatedLastOne() {
        #expect(parseAll(["event: ping\n\n", "data: [DONE]"]).map(\.data) == ["[DONE]"])
    }

    @Test func ignoresALeadingByteOrderMark() {
        #expect(parseAll(["\u{FEFF}data: x\n\n"]).map(\.data) == ["x"])
    }
}
