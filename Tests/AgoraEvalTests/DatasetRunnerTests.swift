import AgoraEval
import Foundation
import Testing

@Suite struct DatasetRunnerTests {
    /// A two-item data set in a fresh temporary folder.
    static func makeDataset(manifest: String? = nil) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("agora-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("d"), withIntermediateDirectories: true)
        func write(_ name: String, _ text: String) throws {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("d/a.transcript.txt", "A: The red case is cheap.\nB: The blue case is nice.\n")
        try write("d/a.summary.txt", "The red case is cheap.\n")
        try write("d/b.transcript.txt", "A: We pick a wheel. It scrolls.\n")
        try write("d/b.summary.txt", "They chose a scroll wheel.")
        try write("manifest.json", manifest ?? """
            {"items": [
              {"id": "a", "transcript": "d/a.transcript.txt", "reference_summaries": [{"file": "d/a.summary.txt", "words": 5}]},
              {"id": "b", "transcript": "d/b.transcript.txt", "reference_summaries": [{"file": "d/b.summary.txt"}]}
            ]}
            """)
        return dir
    }

    @Test func summarisesEachItemAtTheReferenceLengthAndScores() async throws {
        let runner = try DatasetRunner(directory: Self.makeDataset())
        let report = try await runner.run { text, words in
            // A fake summariser: the first line of the transcript without its speaker, asked for `words` words.
            #expect(words == (text.contains("red") ? 5 : 5))
            return .init([String(text.split(separator: "\n")[0].dropFirst(3)), "Extra line past the budget."])
        }
        #expect(report.items.map(\.id) == ["a", "b"])
        #expect(report.items[0].summary == ["The red case is cheap."])  // cut once the budget is reached
        #expect(report.items[0].scores.rouge1.f1 == 1)
        #expect(report.items[1].scores.rouge1.f1 < 1)
        #expect(abs(report.mean.rouge1.f1 - (report.items[0].scores.rouge1.f1 + report.items[1].scores.rouge1.f1) / 2) < 1e-12)
    }

    @Test func selectsByIDAndLimit() throws {
        let runner = try DatasetRunner(directory: Self.makeDataset())
        #expect(try runner.selectItems(ids: ["b"]).map(\.id) == ["b"])
        #expect(try runner.selectItems(limit: 1).map(\.id) == ["a"])
        #expect(throws: EvalError.unknownIDs(["zzz"])) { try runner.selectItems(ids: ["zzz"]) }
    }

    @Test func badInputsAreOneLineErrors() throws {
        let missing = URL(fileURLWithPath: "/nonexistent-agora-dataset")
        #expect(throws: EvalError.missingDirectory(missing.path)) { try DatasetRunner(directory: missing) }
        let bad = try Self.makeDataset(manifest: "{ not json")
        #expect {
            try DatasetRunner(directory: bad)
        } throws: { error in
            guard case EvalError.badManifest = error else { return false }
            return !"\(error)".contains("\n")
        }
        let noItems = try Self.makeDataset(manifest: "{\"things\": []}")
        #expect(throws: EvalError.self) { try DatasetRunner(directory: noItems) }
    }

    @Test func splitsReferencesLikeScorePy() {
        #expect(DatasetRunner.referenceSentences("It works. the end? No! 3 items.\n\"Quote\" here") == ["It works. the end?", "No!", "3 items.", "\"Quote\" here"])
        #expect(DatasetRunner.cut(["a b c", "d e", "f"], to: 4) == ["a b c", "d e"])
        // Words are counted as score.py's `split()` counts them: tabs, CR and LF separate words too.
        #expect(DatasetRunner.cut(["a\tb\r\nc", "d e"], to: 3) == ["a\tb\r\nc"])
    }
}
