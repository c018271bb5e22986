import AgoraCore
import AgoraDefinitions
import Foundation
import Testing

/// Files the adversarial probe wrote: Windows line ends, bad YAML, path-climbing ids, racing branches, and steps
/// that load fine but could only fail at run time.
@Suite struct DefinitionHardeningTests {
    static let library = AgentLibrary(agents: [
        "echo": AgentDefinition(name: "echo", backend: "test"),
        "extract": AgentDefinition(name: "extract", backend: "local:extractive"),
        "plain": AgentDefinition(name: "plain"),
    ])

    func pipelineErrors(_ text: String) -> [DefinitionError] {
        do {
            _ = try PipelineFile.parse(text, file: "p.yaml", library: Self.library)
            return []
        } catch let failure as DefinitionErrors {
            return failure.errors
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    @Test func aCRLFAgentFileReadsAsItsLFTwin() throws {
        let lf = "---\nname: critic\nbackend: local\ntools: [now]\n---\nYou review drafts.\n\nAnswer APPROVED.\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        let fromCRLF = try AgentFile.parse(crlf, file: "critic.md")
        #expect(fromCRLF == (try AgentFile.parse(lf, file: "critic.md")))
        #expect(fromCRLF.instructions == "You review drafts.\n\nAnswer APPROVED.")
        #expect(fromCRLF.tools == ["now"])
    }

    @Test(arguments: [
        // An unclosed flow list in an agent's front matter (which starts on the file's second line).
        ("agent", "---\nname: critic\ntools: [a, b\n---\n", 4, 1),
        // A tab where indentation is expected.
        ("pipeline", "name: p\nsteps:\n  - agent: echo\n\tinput: x\n", 4, 1),
        // A control character, which libyaml's reader rejects by offset, not line.
        ("pipeline", "name: p\ninputs: [x]\nsteps: \u{01}\n", 3, 8),
    ])
    func aYAMLErrorIsReportedAtItsLineAndColumn(_ kind: String, _ text: String, _ line: Int, _ column: Int) throws {
        let errors: [DefinitionError]
        do {
            if kind == "agent" { _ = try AgentFile.parse(text, file: "f") } else { _ = try PipelineFile.parse(text, file: "f", library: Self.library) }
            errors = []
        } catch let failure as DefinitionErrors {
            errors = failure.errors
        }
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.description.hasPrefix("f:\(line):\(column): YAML syntax error: "), "\(error)")
        #expect(!error.description.contains("error: reader:") && !error.description.contains("\n"), "\(error)")
    }

    @Test func aSyntaxErrorSaysWhereItsConstructBegan() throws {
        let text = "name: p\nsteps:\n  - agent: echo\n    input: \"unterminated\n"
        #expect(throws: DefinitionErrors.self) { try PipelineFile.parse(text, file: "f", library: Self.library) }
        do {
            _ = try PipelineFile.parse(text, file: "f", library: Self.library)
        } catch let failure as DefinitionErrors {
            #expect(failure.description == "f:5:1: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar that starts at 4:12)")
        }
    }

    @Test(arguments: ["a/../../b", "..", ".", "two words", "x/y", ""])
    func aStepIDMustBeAPlainName(_ id: String) {
        let text = "name: p\ninputs: [x]\nsteps:\n  - agent: echo\n    id: '\(id)'\n    input: x\n    output: y\n"
        let errors = pipelineErrors(text)
        #expect(errors.contains { $0.field == "id" && $0.line == 5 }, "\(errors)")
    }

    @Test func aMapsChildNameMustBeAPlainName() {
        let text = "name: p\ninputs: [x]\nsteps:\n  - map: echo\n    over: x\n    as: ../up\n    output: y\n"
        #expect(pipelineErrors(text).contains { $0.field == "as" })
        #expect(pipelineErrors(text.replacingOccurrences(of: "../up", with: "part")).isEmpty)
    }

    @Test func twoParallelBranchesMayNotWriteOneValue() {
        let text = """
            name: p
            inputs: [x]
            steps:
              - parallel:
                  - agent: echo
                    id: left
                    input: x
                    output: y
                  - agent: echo
                    id: right
                    input: x
                    output: y
            """
        let errors = pipelineErrors(text)
        #expect(errors.count == 1)
        #expect(errors.first?.step == "right" && errors.first?.line == 9, "\(errors)")
        #expect(errors.first?.message.contains("'left'") == true)
        let distinct = text.replacingOccurrences(of: "id: right\n        input: x\n        output: y", with: "id: right\n        input: x\n        output: z")
        #expect(pipelineErrors(distinct).isEmpty, "\(pipelineErrors(distinct))")
    }

    /// The back ends that only summarise, as the CLI's provider table names them.
    static let summarizeOnly: Set<String> = ["local", "local:extractive"]

    @Test func aSummariseOnlyAgentWithoutWordsIsFoundBeforeTheRun() throws {
        let text = """
            name: p
            inputs: [x]
            steps:
              - agent: extract
                input: x
                output: a
              - agent: extract
                input: x
                words: 20
                output: b
              - agent: echo
                input: x
                output: c
              - map: plain
                over: x
                output: d
            """
        let definition = try PipelineFile.parse(text, file: "p.yaml", library: Self.library)
        let problems = definition.summarizeOnlyProblems(library: Self.library.agents, defaultBackend: "local:extractive", summarizeOnly: Self.summarizeOnly)
        #expect(problems.map(\.line) == [4, 14], "\(problems)")
        #expect(problems.first?.description.hasPrefix("p.yaml:4: step 'extract': field 'words': agent 'extract' runs on local:extractive") == true)
        // With an HTTP back end serving agents that name none, only the one that names the extractive back end is left.
        #expect(definition.summarizeOnlyProblems(library: Self.library.agents, defaultBackend: "openai:m", summarizeOnly: Self.summarizeOnly).map(\.line) == [4])
    }
}
