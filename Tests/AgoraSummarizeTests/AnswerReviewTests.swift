import AgoraCore
import Testing
@testable import AgoraSummarize

/// The review that keeps a small model's degenerate answers out of the digest, on answers of the kinds
/// SmolLM2-135M wrote on the example meeting.
@Suite struct AnswerReviewTests {
    let input = """
        iOS is at 92 percent of the sync test cases passing on beta 3. Android is at 88 percent. The main crash is \
        a database migration for people upgrading from 4.2 or earlier. The fix is in review and should be in beta 4. \
        Lena load tested the sync endpoint at 5,000 concurrent devices with a p95 latency of 180 milliseconds.
        """
    var review: AnswerReview { AnswerReview(input: input, speakers: ["Priya", "Marcus", "Lena"]) }

    func verdict(_ text: String, finish: FinishReason = .stop) -> AnswerReview.Verdict {
        review.review(ModelResponse(text: text, finishReason: finish))
    }

    @Test func acceptsAPlainSummaryAndSplitsItsParagraphIntoSentences() {
        let answer = "iOS passes 92 percent of the sync test cases on beta 3, Android 88 percent. The database migration crash is fixed in beta 4.\nThe sync endpoint held 5,000 concurrent devices at 180 milliseconds."
        #expect(verdict(answer) == .accepted([
            "iOS passes 92 percent of the sync test cases on beta 3, Android 88 percent.",
            "The database migration crash is fixed in beta 4.",
            "The sync endpoint held 5,000 concurrent devices at 180 milliseconds.",
        ]))
    }

    @Test func rejectsEchoedLabelsAndTimestamps() {
        #expect(verdict("A: [Lena] A: [Lena] A: [Lena]\nA: [00:45:48] A: [Lena]") == .rejected(reason: "an echoed speaker label"))
        #expect(verdict("At [00:45:48] the launch.\nThen [00:46:10] the beta.") == .rejected(reason: "an echoed timestamp"))
        #expect(verdict("Priya: Okay. So the fix is in review.\nMarcus: Okay, the fix is in review.\nLena: Okay.")
            == .rejected(reason: "an echoed speaker label"))
    }

    @Test func dropsABadSentenceButKeepsTheRest() {
        let answer = "The database migration crash is fixed in beta 4.\n[00:12:00] Marcus said so.\nAndroid passes 88 percent of the sync tests."
        #expect(verdict(answer) == .accepted([
            "The database migration crash is fixed in beta 4.", "Android passes 88 percent of the sync tests.",
        ]))
    }

    @Test func aLenientReviewKeepsTheCleanSentencesOfAMostlyBadAnswer() {
        let answer = "Lena: okay.\nMarcus: okay.\nThe database migration crash is fixed in beta 4."
        #expect(verdict(answer) == .rejected(reason: "an echoed speaker label"))
        #expect(review.review(ModelResponse(text: answer), lenient: true) == .accepted(["The database migration crash is fixed in beta 4."]))
        #expect(review.review(ModelResponse(text: "Lena: okay.\nMarcus: okay."), lenient: true) == .rejected(reason: "an echoed speaker label"))
    }

    @Test func rejectsRepetitionLoops() {
        let repeated = String(repeating: "The team is fixing the sync crash in beta 4. ", count: 4)
        #expect(verdict(repeated) == .rejected(reason: "a repetition loop"))
        let inOneSentence = "The fix is in review and the fix is in review and the fix is in review and the fix is in review."
        #expect(verdict(inOneSentence) == .rejected(reason: "a repetition loop"))
    }

    @Test func dropsSentencesThatRepeatARunOfAnEarlierOne() {
        let answer = """
            The team fixed the sync crash, and they are going to ship it in beta 4.
            Android passes 88 percent of the tests, and they are going to ship it in beta 4.
            The endpoint held 5,000 devices at 180 milliseconds.
            """
        #expect(verdict(answer) == .accepted([
            "The team fixed the sync crash, and they are going to ship it in beta 4.",
            "The endpoint held 5,000 devices at 180 milliseconds.",
        ]))
    }

    @Test func rejectsEmptyAndInventedAnswers() {
        #expect(verdict("") == .rejected(reason: "no sentences"))
        #expect(verdict("   \n - \n") == .rejected(reason: "no sentences"))
        let story = "Once upon a time a little girl named Lily found a shiny red ball in the garden. She played with her puppy all day."
        #expect(verdict(story) == .rejected(reason: "shares little with its input"))
    }

    @Test func dropsTheUnfinishedSentenceOfAnAnswerCutByTheCap() {
        let answer = "The database migration crash is fixed in beta 4. Android passes 88 percent of the"
        #expect(verdict(answer, finish: .length) == .accepted(["The database migration crash is fixed in beta 4."]))
        #expect(verdict(answer, finish: .stop) == .accepted([
            "The database migration crash is fixed in beta 4.", "Android passes 88 percent of the",
        ]))
    }

    @Test func aWordBeforeAColonIsNotALabelUnlessItNamesASpeaker() {
        #expect(review.flaw(of: "Decision: the migration fix ships in beta 4.") == nil)
        #expect(review.flaw(of: "Lena: the endpoint held 5,000 devices.") == .speakerLabel)
        #expect(review.flaw(of: "Speaker 2: the endpoint held 5,000 devices.") == .speakerLabel)
        #expect(review.flaw(of: "The call starts at 10:30 on Friday.") == nil)
    }
}
