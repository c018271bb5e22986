import AgoraCore
import Foundation
import Testing
@testable import AgoraHTTP

/// Against a real llama.cpp server, when one is named; skipped otherwise (too slow to build in CI):
///
///     python -m llama_cpp.server --model stories260K.gguf --port 8088 --n_ctx 256
///     AGORA_LLAMA_URL=http://127.0.0.1:8088/v1 swift test --filter LlamaServerTests
///
/// Serialized: llama-cpp-python's server runs one request at a time and, by default (`--interrupt_requests`),
/// cuts a stream in progress when another request arrives.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["AGORA_LLAMA_URL"] != nil))
struct LlamaServerTests {
    let backend = OpenAIBackend(
        OpenAIConfiguration(
            model: "stories", baseURLs: [ProcessInfo.processInfo.environment["AGORA_LLAMA_URL"] ?? ""],
            retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.1)
        ),
        environment: [:]
    )

    @Test func listsItsModel() async throws {
        #expect(try await backend.models().contains { $0.hasSuffix(".gguf") })
    }

    @Test func answersWithUsage() async throws {
        let response = try await backend.complete(ModelRequest(messages: [.user("Once upon a time")], maxOutputTokens: 16))
        #expect(!response.text.isEmpty)
        #expect(response.usage.inputTokens > 0 && response.usage.outputTokens > 0)
        #expect([.length, .stop].contains(response.finishReason))
    }

    @Test func streamsWithUsage() async throws {
        var pieces = 0
        var final: ModelResponse?
        for try await event in backend.stream(ModelRequest(messages: [.user("Lily went to the park")], maxOutputTokens: 16)) {
            switch event {
            case .text: pieces += 1
            case .finished(let response): final = response
            }
        }
        #expect(pieces > 1)
        #expect(final.map { !$0.text.isEmpty } == true)
        // llama-cpp-python 0.3 ignores stream_options.include_usage: a streamed answer carries no usage.
        #expect(final?.usage != nil)
    }

    /// Streamed, llama-cpp-python sends a 200 head and then fails: the back end asks again without streaming.
    @Test(arguments: [false, true]) func recognisesContextOverflow(stream: Bool) async throws {
        let long = String(repeating: "word ", count: 400)
        let request = ModelRequest(messages: [.user(long)], maxOutputTokens: 8)
        await #expect {
            if stream {
                for try await _ in backend.stream(request) {}
            } else {
                _ = try await backend.complete(request)
            }
        } throws: { error in
            (error as? HTTPBackendError)?.isContextLengthExceeded == true
        }
    }
}
