import AgoraCore
import Foundation

/// How the model may use the tools it is offered (`tool_choice`).
public enum ToolChoice: Sendable, Hashable {
    case auto, none, required
    case function(String)
}

/// The OpenAI chat-completions JSON, mapped to and from Agora's values. Knows nothing of the transport.
public enum OpenAIWire {
    /// Options of a request that `ModelRequest` does not carry.
    public struct Options: Sendable, Hashable {
        public var stream: Bool
        public var toolChoice: ToolChoice?

        public init(stream: Bool = false, toolChoice: ToolChoice? = nil) {
            self.stream = stream
            self.toolChoice = toolChoice
        }
    }

    public enum DecodingFailure: Error, Sendable, Hashable {
        case notJSON(String)
        case noChoices
    }

    /// The JSON body of `POST /chat/completions`.
    public static func encodeRequest(_ request: ModelRequest, model: String, options: Options = Options()) throws -> Data {
        let body = RequestBody(
            model: model,
            messages: request.messages.map(WireMessage.init),
            tools: request.tools.isEmpty ? nil : request.tools.map(WireTool.init),
            tool_choice: request.tools.isEmpty ? nil : options.toolChoice.map(WireToolChoice.init),
            temperature: request.temperature,
            frequency_penalty: request.frequencyPenalty,
            max_tokens: request.maxOutputTokens,
            stop: request.stop.isEmpty ? nil : request.stop,
            response_format: request.responseFormat.map(WireResponseFormat.init),
            stream: options.stream ? true : nil,
            stream_options: options.stream ? StreamOptions(include_usage: true) : nil
        )
        return try requestEncoder.encode(body)
    }

    /// Keys sorted: a server compiles a `response_format` schema's properties into a grammar in the order they come,
    /// so the order must be the same on every request (a dictionary's is not, from one process to the next).
    private static let requestEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// A non-streaming answer.
    public static func decodeResponse(_ data: Data) throws -> ModelResponse {
        let body: ResponseBody
        do {
            body = try JSONDecoder().decode(ResponseBody.self, from: data)
        } catch {
            throw DecodingFailure.notJSON(snippet(data))
        }
        guard let choice = body.choices?.first, let message = choice.message else { throw DecodingFailure.noChoices }
        let calls = (message.tool_calls ?? []).enumerated().map { index, call in
            ToolCall(id: call.id ?? "call_\(index)", name: call.function?.name ?? "", arguments: call.function?.arguments ?? "")
        }
        return ModelResponse(
            text: message.content ?? "",
            toolCalls: calls,
            finishReason: finishReason(choice.finish_reason, hasToolCalls: !calls.isEmpty),
            usage: body.usage.map { TokenUsage(inputTokens: $0.prompt_tokens ?? 0, outputTokens: $0.completion_tokens ?? 0) } ?? .zero
        )
    }

    /// One `data:` payload of a streamed answer.
    public static func decodeChunk(_ text: String) throws -> StreamChunk {
        do {
            return try JSONDecoder().decode(StreamChunk.self, from: Data(text.utf8))
        } catch {
            throw DecodingFailure.notJSON(String(text.prefix(200)))
        }
    }

    /// The `{"error": {...}}` body most servers send with a 4xx or 5xx.
    public static func decodeError(_ data: Data) -> APIError? {
        if let wrapped = try? JSONDecoder().decode(ErrorEnvelope.self, from: data) {
            if let error = wrapped.error?.object { return error }
            if let text = wrapped.error?.text { return APIError(message: text) }
        }
        return nil
    }

    static func finishReason(_ raw: String?, hasToolCalls: Bool) -> FinishReason {
        switch raw {
        case "stop", nil: hasToolCalls ? .toolCalls : .stop
        case "length": .length
        case "tool_calls", "function_call": .toolCalls
        case "content_filter": .contentFilter
        default: .other
        }
    }

    static func snippet(_ data: Data) -> String {
        String(decoding: data.prefix(200), as: UTF8.self)
    }
}

// MARK: - Wire shapes

extension OpenAIWire {
    struct RequestBody: Encodable {
        var model: String
        var messages: [WireMessage]
        var tools: [WireTool]?
        var tool_choice: WireToolChoice?
        var temperature: Double?
        var frequency_penalty: Double?
        var max_tokens: Int?
        var stop: [String]?
        var response_format: WireResponseFormat?
        var stream: Bool?
        var stream_options: StreamOptions?
    }

    /// `{"type": "json_object"}` or `{"type": "json_schema", "json_schema": {"name", "schema", "strict"}}`.
    struct WireResponseFormat: Encodable {
        var format: ResponseFormat

        init(_ format: ResponseFormat) { self.format = format }

        func encode(to encoder: any Encoder) throws {
            let value: JSONValue
            switch format {
            case .jsonObject: value = ["type": "json_object"]
            case .jsonSchema(let name, let schema):
                value = ["type": "json_schema", "json_schema": ["name": .string(name), "schema": schema, "strict": true]]
            }
            try value.encode(to: encoder)
        }
    }

    struct StreamOptions: Encodable {
        var include_usage: Bool
    }

    struct WireMessage: Codable {
        var role: String?
        var content: String?
        var tool_calls: [WireToolCall]?
        var tool_call_id: String?

        init(_ message: Message) {
            role = message.role.rawValue
            content = message.content.isEmpty && !message.toolCalls.isEmpty ? nil : message.content
            tool_calls = message.toolCalls.isEmpty ? nil : message.toolCalls.map(WireToolCall.init)
            tool_call_id = message.toolCallID
        }
    }

    struct WireToolCall: Codable {
        var id: String?
        var type: String?
        var function: WireFunction?

        init(_ call: ToolCall) {
            id = call.id
            type = "function"
            function = WireFunction(name: call.name, arguments: call.arguments)
        }
    }

    struct WireFunction: Codable {
        var name: String?
        var arguments: String?
    }

    struct WireTool: Encodable {
        struct Function: Encodable {
            var name: String
            var description: String
            var parameters: JSONValue
        }

        var type = "function"
        var function: Function

        init(_ spec: ToolSpec) {
            function = Function(name: spec.name, description: spec.description, parameters: spec.inputSchema)
        }
    }

    struct WireToolChoice: Encodable {
        var choice: ToolChoice

        init(_ choice: ToolChoice) { self.choice = choice }

        func encode(to encoder: any Encoder) throws {
            switch choice {
            case .auto: try "auto".encode(to: encoder)
            case .none: try "none".encode(to: encoder)
            case .required: try "required".encode(to: encoder)
            case .function(let name):
                let value: JSONValue = ["type": "function", "function": ["name": .string(name)]]
                try value.encode(to: encoder)
            }
        }
    }

    struct WireUsage: Decodable, Sendable {
        var prompt_tokens: Int?
        var completion_tokens: Int?
    }

    struct ResponseBody: Decodable {
        struct Choice: Decodable {
            var message: WireMessage?
            var finish_reason: String?
        }

        var choices: [Choice]?
        var usage: WireUsage?
    }

    /// One chunk of a streamed answer.
    public struct StreamChunk: Decodable, Sendable {
        struct Choice: Decodable, Sendable {
            struct Delta: Decodable, Sendable {
                var content: String?
                var tool_calls: [ToolCallDelta]?
            }

            var index: Int?
            var delta: Delta?
            var finish_reason: String?
        }

        struct ToolCallDelta: Decodable, Sendable {
            var index: Int?
            var id: String?
            var function: WireFunction?
        }

        var choices: [Choice]?
        var usage: WireUsage?
    }

    /// A server's error object. `code` may be a string (OpenAI, vLLM) or a number (llama.cpp's own server).
    public struct APIError: Decodable, Sendable, Hashable {
        public var message: String
        public var type: String?
        public var code: String?

        init(message: String, type: String? = nil, code: String? = nil) {
            self.message = message
            self.type = type
            self.code = code
        }

        enum CodingKeys: String, CodingKey { case message, type, code }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            message = (try? container.decode(String.self, forKey: .message)) ?? ""
            type = try? container.decode(String.self, forKey: .type)
            if let text = try? container.decode(String.self, forKey: .code) {
                code = text
            } else if let number = try? container.decode(Int.self, forKey: .code) {
                code = String(number)
            }
        }

        /// The model's context is too small for the prompt (OpenAI, vLLM, llama-cpp-python and llama.cpp wordings).
        public var isContextLengthExceeded: Bool {
            if code == "context_length_exceeded" || type == "exceed_context_size_error" { return true }
            let lower = message.lowercased()
            return lower.contains("context length") || lower.contains("context window") || lower.contains("context size")
        }
    }

    struct ErrorEnvelope: Decodable {
        struct Payload: Decodable {
            var object: APIError?
            var text: String?

            init(from decoder: any Decoder) throws {
                if let text = try? decoder.singleValueContainer().decode(String.self) {
                    self.text = text
                } else {
                    object = try APIError(from: decoder)
                }
            }
        }

        var error: Payload?
    }
}
