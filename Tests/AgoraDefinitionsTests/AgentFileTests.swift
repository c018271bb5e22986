import AgoraCore
import AgoraDefinitions
import Testing

/// One test per kind of mistake in an agent file, each checking the whole message: file:line, field, suggestion.
@Suite struct AgentFileTests {
    /// The back ends of an application that has these (the CLI's come from its provider table).
    static let vocabulary = DefinitionVocabulary(backends: ["local", "local:extractive", "openai:*", "test"], tools: DefinitionVocabulary.standard.tools)

    func errors(_ text: String, vocabulary: DefinitionVocabulary = Self.vocabulary) -> [String] {
        do {
            _ = try AgentFile.parse(text, file: "Agents/critic.md", vocabulary: vocabulary)
            return []
        } catch let failure as DefinitionErrors {
            return failure.errors.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test func everyFieldMapsOntoTheDefinition() throws {
        let text = """
            ---
            name: critic
            description: Reviews a draft.
            backend: openai:llama3
            tools: [recall, now]
            max_turns: 4
            budget: 2.5
            memory: reviews
            timeout: 30
            ---

            You review drafts.
            Answer APPROVED when nothing is left to fix.

            """
        let definition = try AgentFile.parse(text, file: "critic.md")
        #expect(definition == AgentDefinition(
            name: "critic", description: "Reviews a draft.",
            instructions: "You review drafts.\nAnswer APPROVED when nothing is left to fix.",
            backend: "openai:llama3", tools: ["recall", "now"], maxTurns: 4, budget: 2.5, memory: "reviews", timeout: .seconds(30)))
    }

    @Test func unknownKeySuggestsTheNearMiss() {
        #expect(errors("---\nname: critic\nbacknd: local\n---\nBody") == [
            "Agents/critic.md:3: field 'backnd': unknown key in the agent's fields; expected one of name, description, prompt, backend, tools, needs_approval, tool_calls, max_turns, budget, memory, timeout (did you mean 'backend'?)",
        ])
    }

    @Test func wrongTypeNamesTheFieldAndTheValue() {
        #expect(errors("---\nname: critic\nmax_turns: ten\n---\n") == [
            "Agents/critic.md:3: field 'max_turns': expected a whole number, got 'ten'",
        ])
        #expect(errors("---\nname: critic\ntools: recall\n---\n") == [
            "Agents/critic.md:3: field 'tools': expected a list such as [a, b], got 'recall'",
        ])
    }

    @Test func missingName() {
        #expect(errors("---\ndescription: Reviews.\n---\nBody") == ["Agents/critic.md:1: field 'name': missing: every agent needs a name"])
        #expect(errors("no front matter") == ["Agents/critic.md:1: an agent file must start with a front matter block between two '---' lines"])
    }

    @Test func unknownToolSuggestsTheNearMiss() {
        #expect(errors("---\nname: critic\ntools: [now, recal]\n---\n") == [
            "Agents/critic.md:3: field 'tools': unknown tool 'recal'; known: delegate, remember, recall, read_file, word_count, now (did you mean 'recall'?)",
        ])
        // Tools from Tools/*/tool.json come in through the vocabulary.
        var vocabulary = Self.vocabulary
        vocabulary.tools.append("web_search")
        #expect(errors("---\nname: critic\ntools: [web_search]\n---\n", vocabulary: vocabulary).isEmpty)
    }

    @Test func unknownBackendSuggestsTheNearMiss() {
        #expect(errors("---\nname: critic\nbackend: opena:llama3\n---\n") == [
            "Agents/critic.md:3: field 'backend': unknown back end 'opena:llama3'; known: local, local:extractive, openai:*, test (did you mean 'openai:llama3'?)",
        ])
        #expect(errors("---\nname: critic\nbackend: local:extractiv\n---\n").first?.hasSuffix("(did you mean 'local:extractive'?)") == true)
    }

    @Test func yamlSyntaxErrorHasItsLine() {
        let found = errors("---\nname: critic\ntools: [a, b\n---\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("Agents/critic.md:") == true)
        #expect(found.first?.contains("YAML syntax error") == true)
    }

    @Test func everyMistakeIsReportedNotOnlyTheFirst() {
        #expect(errors("---\nname: critic\nbacknd: local\nbudget: lots\n---\n").count == 2)
    }

    @Test func suggestionsNeedACloseSpelling() {
        #expect(Suggestion.nearest(to: "fna_in", in: ["fan_in", "over"]) == "fan_in")
        #expect(Suggestion.nearest(to: "zzz", in: ["fan_in", "over"]) == nil)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
    }
}
