/// How an LLM agent's loop asks a model for tool calls.
public enum ToolCallMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// The chat API's own `tools` field; the model's template must support it.
    case native
    /// One JSON object per turn, constrained by a JSON Schema built from the agent's tools (a call of one of them,
    /// or the final answer); for models whose template has no tool support but whose server honours
    /// `response_format`.
    case json
    /// Native when the model shows it supports tools (it answers a probe with a real tool call), else json.
    case auto
}
