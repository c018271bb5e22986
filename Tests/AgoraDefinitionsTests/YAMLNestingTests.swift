import AgoraCore
import AgoraDefinitions
import Testing

/// YAML nested thousands deep is one error naming the file and line, not a stack overflow in Yams. The tests run
/// on the cooperative pool's threads, whose stack is where the crash happened.
@Suite struct YAMLNestingTests {
    func pipelineErrors(_ text: String) -> [DefinitionError] {
        do {
            _ = try PipelineFile.parse(text, file: "deep.yaml")
            return []
        } catch let failure as DefinitionErrors {
            return failure.errors
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    @Test(arguments: [5_000, 100_000])
    func deepFlowNestingIsAnError(_ depth: Int) {
        let text = "name: deep\nsteps: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let errors = pipelineErrors(text)
        #expect(errors.count == 1)
        #expect(errors.first?.line == 2)
        #expect(errors.first?.description.contains("deep.yaml:2") == true, "\(errors)")
        #expect(errors.first?.description.contains("nested") == true, "\(errors)")
    }

    @Test func deepBlockNestingIsAnError() {
        // `- - - …` on one line, and then lines each indented one more.
        let compact = "name: deep\nsteps:\n" + String(repeating: "- ", count: 5_000) + "x\n"
        #expect(pipelineErrors(compact).first?.line == 3)
        let indented = "name: deep\nsteps:\n" + (1..<5_000).map { String(repeating: " ", count: $0) + "-\n" }.joined()
        let errors = pipelineErrors(indented)
        #expect(errors.count == 1)
        #expect(errors.first?.description.contains("nested") == true, "\(errors)")
    }

    @Test func agentFrontMatterNamesTheFileLine() {
        let text = "---\nname: deep\ntools: " + String(repeating: "{a: ", count: 5_000) + "b" + String(repeating: "}", count: 5_000) + "\n---\nBody.\n"
        do {
            _ = try AgentFile.parse(text, file: "deep.md")
            Issue.record("a 5,000-deep front matter was accepted")
        } catch let failure as DefinitionErrors {
            #expect(failure.errors.count == 1)
            #expect(failure.errors.first?.description.contains("deep.md:3") == true, "\(failure.errors)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func bracketsInTextAndModerateNestingAreNotCounted() {
        // Brackets inside quotes, comments, plain text and block scalars are text, not nesting; 30 real levels pass.
        let many = String(repeating: "[", count: 500)
        let text = """
            name: brief
            description: "\(many)" # \(many)
            inputs: [notes]
            output: brief
            agents:
              - name: writer
                backend: test
                instructions: |
                  \(many)
                  {{{{ not YAML }}}}
            steps:
              - agent: writer
                input: notes
                prompt: Keep [\(many) as it is
                output: brief
            """
        let errors = pipelineErrors(text)
        #expect(!errors.contains { $0.message.contains("nested") }, "\(errors)")
        let thirty = "name: x\nsteps: " + String(repeating: "[", count: 30) + String(repeating: "]", count: 30) + "\n"
        #expect(!pipelineErrors(thirty).contains { $0.message.contains("nested") })
    }
}

/// Aliases of aliases: a few hundred bytes that stand for 10^8 nodes are one error, at once. (The pipeline files
/// of the repository use a few aliases, `&fan_in`; their tests show those still load.)
@Suite struct YAMLAliasBombTests {
    @Test func aliasesOfAliasesAreAnErrorNotAnHourOfWalking() {
        var lines = ["name: bomb", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...8 {
            let previous = "*a\(level - 1)"
            lines.append("a\(level): &a\(level) [" + Array(repeating: previous, count: 10).joined(separator: ", ") + "]")
        }
        lines.append("steps: *a8")
        let text = lines.joined(separator: "\n") + "\n"
        #expect(text.utf8.count < 1_000)
        do {
            _ = try PipelineFile.parse(text, file: "bomb.yaml")
            Issue.record("a YAML bomb was accepted")
        } catch let failure as DefinitionErrors {
            #expect(failure.errors.count == 1)
            #expect(failure.errors.first?.description.contains("expands to more than 100000 nodes") == true, "\(failure.errors)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
