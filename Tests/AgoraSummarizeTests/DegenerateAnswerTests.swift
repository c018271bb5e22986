import AgoraCore
import AgoraLocal
import AgoraRuntime
import AgoraTestKit
import Testing
@testable import AgoraSummarize

/// A language model's degenerate answers never move up the tree: asked again once, then the extractive pick.
@Suite struct DegenerateAnswerTests {
    /// Six segments of distinct sentences, so that each request can be told apart by its text.
    let transcript = (1...12).map { index in
        "Speaker\(index % 3): The team measured value \(index) on the staging servers today. "
            + "Then everyone agreed that result \(index) should ship with the next release candidate. "
            + Array(repeating: "detail", count: 20).joined(separator: " ") + " wrapped up."
    }.joined(separator: "\n")

    /// A map agent's summary is the first sentence of its segment, except: the segment holding "value 1" answers
    /// with echoed labels every time, and the one holding "value 3" loops on its first attempt and answers well
    /// when asked again, stricter. A reducer or the digest writer passes on the first two lines it is given.
    func model() -> ScriptedBackend {
        ScriptedBackend(id: "model", slots: 4) { request in
            let text = request.summarization?.text ?? ""
            guard request.messages.last?.content.contains("one part of a meeting") == true else {
                return ModelResponse(text: text.split(separator: "\n").prefix(2).joined(separator: "\n"))
            }
            let stricter = (request.frequencyPenalty ?? 0) >= 1
            if text.contains("value 1 ") { return ModelResponse(text: "A: [Speaker1] A: [Speaker1]\nA: [00:45:48] A: [Speaker1]") }
            if text.contains("value 3 "), !stricter {
                return ModelResponse(text: String(repeating: "The team measured value 3 again. ", count: 5))
            }
            let first = text.split(separator: ".").first.map { String($0).split(separator: ":").last.map(String.init) ?? "" } ?? ""
            return ModelResponse(text: first.trimmingCharacters(in: .whitespaces) + ".")
        }
    }

    @Test func aDegenerateAnswerIsAskedAgainAndThenFallsBackToTheExtractivePick() async throws {
        let model = model()
        let sink = RecordingTraceSink()
        let swarm = Swarm(backends: [model, ExtractiveBackend()], trace: sink)
        let options = SummarizeOptions(segmentWords: 90, fanIn: 2, backend: "model", fallbackBackend: "local:extractive")
        let digest = try await SummarizationSwarm(options: options).run(text: transcript, source: "t.txt", in: swarm)

        #expect(digest.stats.segments == 6)
        #expect(digest.stats.fallbacks == 1)
        #expect(digest.stats.retriedAnswers == 2)
        // Six segments, three groups, two level reducers, the top, the digest: one reviewed answer each.
        #expect(digest.stats.reviewedAnswers == 13)
        let review = AnswerReview(input: transcript, speakers: ["Speaker0", "Speaker1", "Speaker2"])
        let everything = digest.tldr + digest.keyTakeaways + digest.sections.flatMap(\.sentences)
        #expect(everything.allSatisfy { review.flaw(of: $0) == nil }, "\(everything)")
        // The fallen-back segment's part of the digest is the extractive pick: a sentence of the transcript itself.
        #expect(digest.sections[0].sentences.contains { $0.contains("value 1 on the staging servers") })
        let notes = sink.recorded.compactMap { event -> String? in
            if case .note(let text) = event.kind { return event.path.description + " " + text } else { return nil }
        }
        #expect(notes.contains { $0.hasPrefix("root/map/segment-1 degenerate answer again") && $0.contains("fell back") })
        #expect(notes.contains { $0.hasPrefix("root/map/segment-2 degenerate answer (a repetition loop)") })
    }

    @Test func withoutAFallbackBackEndAnswersAreTakenAsTheyCome() async throws {
        let swarm = Swarm(backends: [model()])
        let digest = try await SummarizationSwarm(options: SummarizeOptions(segmentWords: 90, fanIn: 2))
            .run(text: transcript, source: "t.txt", in: swarm)
        #expect(digest.stats.fallbacks == nil && digest.stats.reviewedAnswers == nil)
        #expect(digest.sections[0].sentences.contains { $0.hasPrefix("A: [") })
    }

    @Test func extractFirstHandsTheModelTheSegmentsSalientSentences() async throws {
        let model = model()
        let swarm = Swarm(backends: [model, ExtractiveBackend()])
        let options = SummarizeOptions(segmentWords: 90, fanIn: 2, backend: "model", fallbackBackend: "local:extractive", extractFirst: true)
        _ = try await SummarizationSwarm(options: options).run(text: transcript, source: "t.txt", in: swarm)
        let mapRequests = model.requests.filter { $0.messages.last?.content.contains("one part of a meeting") == true }
        #expect(mapRequests.count >= 6)
        for request in mapRequests {
            let user = request.messages.last!.content
            #expect(user.contains("\n- "), "the material is a list of extracted sentences")
            #expect(!user.contains("Speaker1:"))
        }
        #expect(swarm.stats.modelCalls > model.requests.count, "the extractions are model calls on the extractive back end")
    }
}
