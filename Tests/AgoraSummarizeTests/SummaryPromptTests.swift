import AgoraCore
import AgoraLocal
import AgoraText
import Testing
@testable import AgoraSummarize

/// How a request for a language model is framed: data first and delimited, the task after it, no labels.
@Suite struct SummaryPromptTests {
    let agent = SummaryAgents.standard.segment

    @Test func theUserMessageHoldsTheMaterialThenTheTaskAndTheHintKeepsTheRawText() throws {
        let raw = "[00:01:00] Priya: Um, so the launch is, uh, on October 7th.\n[00:01:09] Tom: Okay."
        let turns = TranscriptParser.parse(raw).turns
        let material = SummaryPrompt.material(of: turns)
        let request = ModelRequest(instructions: agent.instructions, prompt: agent.prompt, text: raw, material: material,
                                   speakers: ["Priya", "Tom"], words: 60, temperature: nil)
        let user = try #require(request.messages.last?.content)
        #expect(request.messages.first?.role == .system)
        #expect(!user.contains("[00:01:00]") && !user.contains("Priya:") && !user.contains("Okay."))
        #expect(user.contains("(speakers: Priya and Tom)"))
        let cleaned = SpokenCleaner.clean("Um, so the launch is, uh, on October 7th.")
        #expect(!cleaned.contains("Um") && !cleaned.contains("uh"))
        let data = try #require(user.range(of: "\"\"\"\n" + cleaned + "\n\"\"\""))
        let task = try #require(user.range(of: "about 60 words"))
        #expect(data.upperBound < task.lowerBound)
        #expect(request.summarization?.text == raw)
        #expect(request.temperature == 0 && request.frequencyPenalty != nil && !request.stop.isEmpty)
    }

    @Test func withoutAPromptTheRequestIsAsBefore() {
        let request = ModelRequest(instructions: "Summarise.", text: "Some text.", words: 10, temperature: 0)
        #expect(request.messages == [.system("Summarise.\nAim at about 10 words."), .user("Some text.")])
        #expect(request.summarization?.text == nil && request.frequencyPenalty == nil)
    }

    @Test func bracesInTheTextAreNotPlaceholders() {
        #expect(SummaryPrompt.fill("A{speakers}: {text} ({words})", text: "{words} {speakers}", words: 5, speakers: [])
            == "A: {words} {speakers} (5)")
    }

    @Test func theStricterRequestRestatesTheForm() throws {
        let request = ModelRequest(instructions: "", prompt: agent.prompt, text: "x y z", words: 10, temperature: 0.7)
        let stricter = request.stricter()
        #expect(stricter.temperature == 0)
        #expect(try #require(stricter.frequencyPenalty) > request.frequencyPenalty!)
        #expect(stricter.messages.last!.content.hasPrefix(request.messages.last!.content))
        #expect(stricter.messages.last!.content.count > request.messages.last!.content.count)
    }
}
