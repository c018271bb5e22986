import AgoraCore

/// Everything an `OpenAIBackend` needs to know: which model, where, how to authenticate, how hard to try.
///
/// ```swift
/// var configuration = OpenAIConfiguration(model: "llama3", baseURLs: ["http://10.0.0.5:8080/v1", "http://10.0.0.6:8080/v1"])
/// configuration.slotsPerEndpoint = 8
/// let backend = OpenAIBackend(configuration)
/// ```
public struct OpenAIConfiguration: Sendable, Hashable {
    public var model: String
    /// Base URLs ending where `/chat/completions` and `/models` begin, usually in `/v1`.
    public var baseURLs: [String]
    /// The environment variable holding the API key. Unset or empty: no `Authorization` header (local servers).
    public var apiKeyVariable: String
    /// Extra headers sent with every request (an organisation id, a gateway's routing header...).
    public var headers: [HTTPHeader]
    /// Requests each endpoint serves well at once; the back end's `slots` is their sum.
    public var slotsPerEndpoint: Int
    public var timeouts: HTTPTimeouts
    public var retry: RetryPolicy
    public var toolChoice: ToolChoice?
    /// Recognise a tool call the model wrote as JSON text (see `TextToolCalls`).
    public var toolCallsInText: Bool
    /// Let `complete` read the answer as a stream (usage is asked for with `stream_options.include_usage`).
    public var streamResponses: Bool
    /// Seconds a failing endpoint stays out at first; doubles per consecutive failure up to the maximum.
    public var endpointCooldown: Double
    public var maxEndpointCooldown: Double
    /// The most bytes one answer may have, streamed or not (`AGORA_MAX_RESPONSE_BYTES`, default 64 MiB).
    public var maxResponseBytes: Int = ResourceLimit.responseBytes.value

    public init(
        model: String,
        baseURLs: [String],
        apiKeyVariable: String = "OPENAI_API_KEY",
        headers: [HTTPHeader] = [],
        slotsPerEndpoint: Int = 4,
        timeouts: HTTPTimeouts = HTTPTimeouts(),
        retry: RetryPolicy = RetryPolicy(),
        toolChoice: ToolChoice? = nil,
        toolCallsInText: Bool = true,
        streamResponses: Bool = false,
        endpointCooldown: Double = 1,
        maxEndpointCooldown: Double = 30
    ) {
        self.model = model
        self.baseURLs = baseURLs
        self.apiKeyVariable = apiKeyVariable
        self.headers = headers
        self.slotsPerEndpoint = slotsPerEndpoint
        self.timeouts = timeouts
        self.retry = retry
        self.toolChoice = toolChoice
        self.toolCallsInText = toolCallsInText
        self.streamResponses = streamResponses
        self.endpointCooldown = endpointCooldown
        self.maxEndpointCooldown = maxEndpointCooldown
    }
}
