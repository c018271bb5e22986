import AgoraCore
import AgoraLocal
import AgoraText
import Testing

@Suite struct LeadBackendTests {
    let backend = LeadBackend(slots: 2)
    let meeting = """
        Ann: Okay.
        Ann: We need to decide the launch date for the mobile app this week.
        Bob: Right, yeah.
        Bob: The payment screen still crashes on older Android phones when the network drops.
        Ann: Then marketing has to move the announcement, because the press kit names the thirtieth.
        Cho: I can ask the vendor for a patched build by Thursday if we send them the crash logs today.
        """

    func summarise(_ text: String, words: Int) async throws -> [String] {
        let response = try await backend.complete(ModelRequest(messages: [.user(text)], hints: .summarization(SummarizationHint(targetWords: words))))
        return response.text.split(separator: "\n").map(String.init)
    }

    @Test func identity() {
        #expect(backend.id == "local:lead")
        #expect(backend.slots == 2)
    }

    /// The opening sentences in order, fillers too short to pick skipped, until the target is first reached.
    @Test func takesTheFirstSentencesUntilTheTarget() async throws {
        #expect(try await summarise(meeting, words: 5) == ["We need to decide the launch date for the mobile app this week."])
        let longer = try await summarise(meeting, words: 20)
        #expect(longer == [
            "We need to decide the launch date for the mobile app this week.",
            "The payment screen still crashes on older Android phones when the network drops.",
        ])
        let all = try await summarise(meeting, words: 1_000)
        #expect(all.count == 4 && all.last?.hasPrefix("I can ask the vendor") == true, "\(all)")
    }

    @Test func refusesChatAndEmptyText() async {
        await #expect {
            try await backend.complete(ModelRequest(messages: [.user("Hello, how are you?")]))
        } throws: { error in
            guard case ModelBackendError.unsupported(let id, _) = error else { return false }
            return id == "local:lead"
        }
        await #expect(throws: ExtractiveSummarizerError.noSentences) { try await summarise("A: ...", words: 10) }
    }
}
