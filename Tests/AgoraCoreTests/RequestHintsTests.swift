import AgoraCore
import Testing

@Suite struct RequestHintsTests {
    /// Two keys with the same value type: a hint is told apart by its key, not by its type.
    enum Length: RequestHintKey { typealias Value = Int }
    enum Width: RequestHintKey { typealias Value = Int }
    enum Label: RequestHintKey { typealias Value = String }

    static func request(_ edit: (inout RequestHints) -> Void = { _ in }) -> ModelRequest {
        var hints = RequestHints()
        edit(&hints)
        return ModelRequest(messages: [.user("x")], hints: hints)
    }

    @Test func aHintIsReadBackUnderItsKeyOnly() {
        var hints = RequestHints()
        hints[Length.self] = 100
        hints[Label.self] = "brief"
        #expect(hints[Length.self] == 100 && hints[Label.self] == "brief" && hints[Width.self] == nil)
        hints[Length.self] = nil
        #expect(hints[Length.self] == nil && !hints.isEmpty)
    }

    /// What the `summarization` field gave before hints: equal hints, equal requests; any other hint, another one.
    @Test func requestsWithEqualHintsAreEqualAndHashAlike() {
        #expect(Self.request() == Self.request())
        #expect(Self.request { $0[Length.self] = 5 } == Self.request { $0[Length.self] = 5 })
        #expect(Self.request { $0[Length.self] = 5 }.hashValue == Self.request { $0[Length.self] = 5 }.hashValue)
        #expect(Self.request { $0[Length.self] = 5 } != Self.request { $0[Length.self] = 6 })
        #expect(Self.request { $0[Length.self] = 5 } != Self.request { $0[Width.self] = 5 })
        #expect(Self.request { $0[Length.self] = 5 } != Self.request())
        #expect(Self.request { $0[Length.self] = 5; $0[Length.self] = nil } == Self.request())
        #expect(Set([Self.request { $0[Label.self] = "a" }, Self.request { $0[Label.self] = "a" }]).count == 1)
    }
}
