import AgoraCore
import AgoraLocal
import AgoraText
import Testing

@Suite struct ExtractiveBackendTests {
    let backend = ExtractiveBackend(slots: 3)

    func summarise(_ text: String, words: Int, document: SourceDocument? = nil) async throws -> ModelResponse {
        try await backend.complete(ModelRequest(
            messages: [.system("Summarise."), .user(text)],
            hints: .summarization(SummarizationHint(targetWords: words, document: document))))
    }

    @Test func identity() {
        #expect(backend.id == "local:extractive")
        #expect(backend.slots == 3)
        #expect(ExtractiveBackend().slots >= 1)
    }

    @Test func refusesChat() async {
        await #expect {
            try await backend.complete(ModelRequest(messages: [.user("Hello, how are you?")]))
        } throws: { error in
            guard case ModelBackendError.unsupported(let id, let reason) = error else { return false }
            return id == "local:extractive" && reason.contains("only summarises")
        }
    }

    @Test func noSentencesIsAClearError() async {
        await #expect(throws: ExtractiveSummarizerError.noSentences) { try await summarise("A: Um.\nB: Uh-huh.", words: 20) }
    }

    @Test func stopsAtTheFirstSentenceThatReachesTheTarget() async throws {
        for target in [1, 12, 30, 45] {
            let response = try await summarise(meeting, words: target)
            let lines = response.text.split(separator: "\n").map(String.init)
            let counts = lines.map { WordCounter.count($0) }
            let total = counts.reduce(0, +)
            #expect(total >= target)
            // Dropping any one sentence falls below the target: no sentence past the one that reached it.
            #expect(total - counts.min()! < target)
        }
    }

    @Test func outputLinesAreCleanedSubsequencesOfSourceSentences() async throws {
        let response = try await summarise(meeting, words: 60)
        let sources = TranscriptParser.parse(meeting).turns.flatMap { SentenceSplitter.split($0.text) }.map { words(String($0)) }
        for line in response.text.split(separator: "\n") {
            let lineWords = words(String(line))
            #expect(sources.contains { isSubsequence(lineWords, of: $0) }, "\(line)")
            #expect(!line.contains(":"))
        }
    }

    @Test func usageEstimatesTokens() async throws {
        let response = try await summarise(meeting, words: 30)
        #expect(response.usage.inputTokens >= WordCounter.count(meeting))
        #expect(response.usage.outputTokens >= WordCounter.count(response.text))
        #expect(response.finishReason == .stop)
    }

    @Test func sharedDocumentRanksSegmentsAgainstTheWholeMeeting() async throws {
        let document = SourceDocument(id: "doc-1", text: meeting)
        let tail = meeting.split(separator: "\n").suffix(3).joined(separator: "\n")
        async let a = summarise(tail, words: 8, document: document)
        async let b = summarise(tail, words: 8, document: document)
        let (first, second) = try await (a, b)
        #expect(first.text == second.text)
        #expect(first.text.contains("remote control"))
        #expect(!first.text.contains("cat"))
    }

    func words(_ text: String) -> [String] {
        text.lowercased().split(separator: " ").map { String($0.filter { $0.isLetter || $0.isNumber }) }.filter { !$0.isEmpty }
    }

    func isSubsequence(_ small: [String], of big: [String]) -> Bool {
        var rest = big[...]
        for word in small {
            guard let at = rest.firstIndex(of: word) else { return false }
            rest = rest[(at + 1)...]
        }
        return true
    }
}
