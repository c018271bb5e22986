import AgoraCore
import Foundation
import Testing
@testable import AgoraHTTP

@Suite struct OpenAIWireTests {
    private func json(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    @Test func encodesEveryRequestField() throws {
        let request = ModelRequest(
            messages: [
                .system("be brief"), .user("weather?"),
                .assistant("", toolCalls: [ToolCall(id: "c1", name: "search", arguments: "{\"q\":\"weather\"}")]),
                .tool("sunny", callID: "c1"),
            ],
            tools: toolSpecs, maxOutputTokens: 64, temperature: 0.2, stop: ["END"]
        )
        let body = try json(OpenAIWire.encodeRequest(request, model: "m", options: .init(stream: true, toolChoice: .function("search"))))
        #expect(body["model"] == "m")
        #expect(body["max_tokens"] == 64)
        #expect(body["temperature"] == 0.2)
        #expect(body["stop"] == ["END"])
        #expect(body["stream"] == true)
        #expect(body["stream_options"] == ["include_usage": true])
        #expect(body["tool_choice"] == ["type": "function", "function": ["name": "search"]])
        guard case .array(let messages)? = body["messages"], case .array(let tools)? = body["tools"] else {
            Issue.record("messages or tools missing")
            return
        }
        #expect(messages.map { $0["role"]?.stringValue } == ["system", "user", "assistant", "tool"])
        #expect(messages[2]["content"] == .null || messages[2]["content"] == nil)
        #expect(messages[2]["tool_calls"] == [["id": "c1", "type": "function", "function": ["name": "search", "arguments": "{\"q\":\"weather\"}"]]])
        #expect(messages[3]["tool_call_id"] == "c1")
        #expect(messages[3]["content"] == "sunny")
        #expect(tools[0]["type"] == "function")
        #expect(tools[0]["function"]?["name"] == "search")
        #expect(tools[0]["function"]?["parameters"]?["properties"]?["q"]?["type"] == "string")
    }

    @Test func leavesOutWhatIsNotSet() throws {
        let body = try json(OpenAIWire.encodeRequest(ModelRequest(messages: [.user("hi")]), model: "m", options: .init(toolChoice: .auto)))
        for key in ["tools", "tool_choice", "temperature", "max_tokens", "stop", "stream", "stream_options"] {
            #expect(body[key] == nil, "\(key)")
        }
    }

    @Test func decodesTextToolCallsFinishReasonAndUsage() throws {
        let text = #"{"choices":[{"index":0,"message":{"role":"assistant","content":"hello"},"finish_reason":"length"}],"usage":{"prompt_tokens":5,"completion_tokens":2}}"#
        let response = try OpenAIWire.decodeResponse(Data(text.utf8))
        #expect(response == ModelResponse(text: "hello", finishReason: .length, usage: TokenUsage(inputTokens: 5, outputTokens: 2)))

        let calls = #"{"choices":[{"message":{"content":null,"tool_calls":[{"id":"a","type":"function","function":{"name":"search","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}"#
        let withCalls = try OpenAIWire.decodeResponse(Data(calls.utf8))
        #expect(withCalls.toolCalls == [ToolCall(id: "a", name: "search", arguments: "{}")])
        #expect(withCalls.finishReason == .toolCalls)
        #expect(withCalls.text == "")
        #expect(withCalls.usage == .zero)
    }

    @Test func rejectsBodiesThatAreNotAnAnswer() {
        #expect(throws: OpenAIWire.DecodingFailure.self) { try OpenAIWire.decodeResponse(Data("{\"choices\": [".utf8)) }
        #expect(throws: OpenAIWire.DecodingFailure.noChoices) { try OpenAIWire.decodeResponse(Data("{\"choices\": []}".utf8)) }
    }

    @Test func recognisesContextErrorsOfEveryServer() {
        let openAI = #"{"error":{"message":"This model's maximum context length is 256 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}"#
        let llamaCpp = #"{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":300,"n_ctx":256}}"#
        let other = #"{"error":{"message":"model not found","type":"invalid_request_error","code":"model_not_found"}}"#
        #expect(OpenAIWire.decodeError(Data(openAI.utf8))?.isContextLengthExceeded == true)
        #expect(OpenAIWire.decodeError(Data(llamaCpp.utf8))?.isContextLengthExceeded == true)
        #expect(OpenAIWire.decodeError(Data(llamaCpp.utf8))?.code == "400")
        #expect(OpenAIWire.decodeError(Data(other.utf8))?.isContextLengthExceeded == false)
        #expect(OpenAIWire.decodeError(Data(#"{"error":"plain text"}"#.utf8))?.message == "plain text")
        #expect(OpenAIWire.decodeError(Data("<html>".utf8)) == nil)
    }

    @Test func assemblesStreamedToolCallsByIndex() throws {
        var accumulator = StreamAccumulator()
        let chunks = [
            #"{"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"b","function":{"name":"lookup","arguments":""}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"a","function":{"name":"search","arguments":"{\"q\""}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{}"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":":1}"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
            #"{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}"#,
        ]
        for chunk in chunks { accumulator.add(try OpenAIWire.decodeChunk(chunk)) }
        let response = accumulator.response
        #expect(response.toolCalls == [ToolCall(id: "a", name: "search", arguments: "{\"q\":1}"), ToolCall(id: "b", name: "lookup", arguments: "{}")])
        #expect(response.finishReason == .toolCalls)
        #expect(response.usage == TokenUsage(inputTokens: 3, outputTokens: 4))
    }

    @Test func findsToolCallsWrittenAsText() {
        let names: Set = ["search", "lookup"]
        #expect(TextToolCalls.parse(#"{"name": "search", "arguments": {"q": "x"}}"#, toolNames: names)
            == [ToolCall(id: "call_text_0", name: "search", arguments: #"{"q":"x"}"#)])
        #expect(TextToolCalls.parse("```json\n{\"tool_call\": {\"name\": \"lookup\", \"parameters\": {}}}\n```", toolNames: names).map(\.name) == ["lookup"])
        #expect(TextToolCalls.parse(#"<tool_call>{"function": {"name": "search", "arguments": "{\"q\":1}"}}</tool_call>"#, toolNames: names)
            .map(\.arguments) == [#"{"q":1}"#])
        #expect(TextToolCalls.parse(#"[{"name": "search"}, {"name": "lookup", "arguments": {}}]"#, toolNames: names).count == 2)
        #expect(TextToolCalls.parse(#"{"name": "rm", "arguments": {}}"#, toolNames: names).isEmpty)
        #expect(TextToolCalls.parse("The answer is {\"name\": \"search\"}", toolNames: names).isEmpty)
        #expect(TextToolCalls.parse(#"{"name": "search"}"#, toolNames: []).isEmpty)
    }

    @Test func backsOffExponentiallyWithJitterAndObeysRetryAfter() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: 1, maxDelay: 5)
        #expect(policy.delay(beforeRetry: 1, retryAfter: nil, random: 1) == 1)
        #expect(policy.delay(beforeRetry: 1, retryAfter: nil, random: 0) == 0.5)
        #expect(policy.delay(beforeRetry: 3, retryAfter: nil, random: 1) == 4)
        #expect(policy.delay(beforeRetry: 6, retryAfter: nil, random: 1) == 5)
        #expect(policy.delay(beforeRetry: 1, retryAfter: 7, random: 0) == 7)
        #expect(RetryPolicy.parseRetryAfter("3") == 3)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryPolicy.parseRetryAfter("Tue, 14 Nov 2023 22:13:30 GMT", now: now) == 10)
        #expect(RetryPolicy.parseRetryAfter("soon") == nil)
    }

    @Test func balancesByLoadAndTakesFailingEndpointsOut() {
        var balancer = EndpointBalancer(slots: [2, 2], baseCooldown: 1, maxCooldown: 8)
        let first = balancer.acquire(now: 0), second = balancer.acquire(now: 0)
        #expect(Set([first, second]) == [0, 1])
        balancer.release(0, outcome: .failure, now: 0)
        #expect(!balancer.isUp(0, now: 0.5))
        #expect(balancer.acquire(now: 0.5) == 1)
        #expect(balancer.acquire(now: 0.5) == 1, "the only endpoint up, even over its slots")
        #expect(balancer.acquire(now: 1.0) == 0, "back after its cooldown")
        balancer.release(0, outcome: .failure, now: 1)
        #expect(!balancer.isUp(0, now: 2.9) && balancer.isUp(0, now: 3.0), "cooldown doubles")
        balancer.release(1, outcome: .busy(retryAfter: 5), now: 1)
        #expect(balancer.secondsUntilAnyUp(now: 1) == 2)
        balancer.release(1, outcome: .success, now: 1)
        #expect(balancer.isUp(1, now: 1))
        var avoid = EndpointBalancer(slots: [4, 4])
        #expect(avoid.acquire(now: 0, avoiding: [0]) == 1)
    }
}
