import AgoraLocal
import AgoraText
import Testing

/// A small meeting about a remote control, with an off-topic aside and a near-duplicate sentence.
let meeting = """
    Alice: Um, welcome everyone. Today we decide the remote control design, the buttons and the case of the remote.
    Bob: Yeah. The remote control needs big buttons and a rubber case for the remote.
    Carol: I had pasta for lunch yesterday at the new Italian place downtown.
    Bob: The remote control needs big buttons and a rubber case for the remote, I think.
    Alice: Okay. The buttons of the remote control should light up in the dark.
    Carol: Mm-hmm.
    Dave: The case of the remote control could be rubber or plastic, the buttons soft.
    Alice: The budget for the remote control is twelve euros per unit.
    Carol: My cat likes sleeping on the warm laptop keyboard in the afternoon.
    Bob: We choose rubber for the remote control case and big soft buttons.
    """

@Suite struct ExtractiveSummarizerTests {
    @Test func centralSentenceOutranksOffTopicOne() throws {
        let lines = try ExtractiveSummarizer.summarize(text: meeting, targetWords: 40)
        #expect(lines.contains { $0.contains("remote control") })
        #expect(!lines.contains { $0.contains("pasta") || $0.contains("cat") })
    }

    @Test func coverageSelectionDropsTheNearDuplicate() throws {
        let lines = try ExtractiveSummarizer.summarize(text: meeting, targetWords: 60)
        let duplicates = lines.filter { $0.hasPrefix("The remote control needs big buttons") }
        #expect(duplicates.count <= 1)
    }

    @Test func mmrSelectionDropsTheNearDuplicate() throws {
        var configuration = ExtractiveConfiguration.default
        configuration.selection = .mmr
        configuration.mmrLambda = 0.5
        let lines = try ExtractiveSummarizer.summarize(text: meeting, targetWords: 60, configuration: configuration)
        #expect(lines.filter { $0.hasPrefix("The remote control needs big buttons") }.count <= 1)
    }

    @Test func outputIsDeterministicCleanAndInSourceOrder() throws {
        let first = try ExtractiveSummarizer.summarize(text: meeting, targetWords: 50)
        let second = try ExtractiveSummarizer.summarize(text: meeting, targetWords: 50)
        #expect(first == second)
        #expect(!first.joined().contains("Alice:") && !first.joined().lowercased().contains("um,"))
        let model = DocumentModel(text: meeting)
        #expect(model.sentenceCount > 8)
        let offsets = first.map { line in meeting.range(of: String(line.dropLast().suffix(20)))?.lowerBound }
        #expect(offsets.allSatisfy { $0 != nil })
        #expect(offsets.map { $0! } == offsets.map { $0! }.sorted())
    }

    @Test func segmentRankedAgainstTheWholeDocumentKeepsDocumentRanking() throws {
        let model = DocumentModel(text: meeting)
        let segment = meeting.split(separator: "\n").suffix(4).joined(separator: "\n")
        let lines = try ExtractiveSummarizer.summarize(text: segment, targetWords: 10, model: model, position: 0.6)
        #expect(lines.count == 1)
        #expect(lines[0].contains("remote control"))
    }

    @Test func reduceStageAcceptsItsOwnOutput() throws {
        let model = DocumentModel(text: meeting)
        let mapped = try ExtractiveSummarizer.summarize(text: meeting, targetWords: 60, model: model)
        let reduced = try ExtractiveSummarizer.summarize(text: mapped.joined(separator: "\n"), targetWords: 25, model: model)
        #expect(!reduced.isEmpty)
        #expect(reduced.allSatisfy { mapped.contains($0) })
    }

    @Test func fallsBackToTheBestShortSentence() throws {
        #expect(try ExtractiveSummarizer.summarize(text: "A: Rubber case.\nB: Yeah.", targetWords: 10) == ["Rubber case."])
    }

    @Test func noSentencesIsAnError() {
        #expect(throws: ExtractiveSummarizerError.noSentences) { try ExtractiveSummarizer.summarize(text: "A: Um. Uh, yeah.", targetWords: 10) }
        #expect(throws: ExtractiveSummarizerError.noSentences) { try ExtractiveSummarizer.summarize(text: "", targetWords: 10) }
    }

    @Test func badSettingIsRejected() {
        var configuration = ExtractiveConfiguration.default
        #expect(throws: ExtractiveSummarizerError.badConfiguration("nope=1")) { try configuration.set("nope=1") }
        #expect(throws: (any Error).self) { try configuration.set("mmrLambda=x") }
        try? configuration.set("openingBoost=0")
        #expect(configuration.openingBoost == 0)
    }
}
