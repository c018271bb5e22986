import AgoraCore
import AgoraTestKit
import Testing

/// The test double is strict in both of its modes, so a test that relies on it proves the conversation it expects.
@Suite struct ScriptedBackendTests {
    let question = ModelRequest(messages: [.user("hi")])

    @Test func aScriptFailsPastItsEndAndWhenLeftUnplayed() async throws {
        let model = ScriptedBackend(responses: [ModelResponse(text: "one"), ModelResponse(text: "two")])
        #expect(try await model.complete(question).text == "one")
        #expect(throws: ScriptedBackendError.self) { try model.assertComplete() }
        #expect(try await model.complete(question).text == "two")
        try model.assertComplete()
        await #expect(throws: ScriptedBackendError.self) { try await model.complete(question) }
    }

    @Test func aClosureWithACountIsAsStrictAsAScript() async throws {
        let model = ScriptedBackend(calls: 2) { request in ModelResponse(text: "echo " + (request.messages.last?.content ?? "")) }
        #expect(try await model.complete(question).text == "echo hi")
        #expect(throws: ScriptedBackendError.self) { try model.assertComplete() }
        _ = try await model.complete(question)
        try model.assertComplete()
        await #expect(throws: ScriptedBackendError.self) { try await model.complete(question) }
        #expect(model.requests.count == 3, "the refused request is still recorded")
    }

    @Test func aClosureWithoutACountCannotBeAssertedComplete() async throws {
        let model = ScriptedBackend { _ in ModelResponse(text: "ok") }
        for _ in 0..<5 { _ = try await model.complete(question) }
        #expect(model.requests.count == 5)
        #expect {
            try model.assertComplete()
        } throws: { error in
            "\(error)".contains("nothing to assert")
        }
    }
}
