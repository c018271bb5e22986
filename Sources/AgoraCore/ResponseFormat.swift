/// The shape a model's reply must take, for servers that constrain decoding to it (OpenAI's `response_format`;
/// llama.cpp's server compiles the schema into a grammar, so even a tiny model answers in that shape).
public enum ResponseFormat: Sendable, Hashable {
    /// Any JSON object.
    case jsonObject
    /// A JSON value valid against `schema`; `name` identifies the schema to the server.
    case jsonSchema(name: String, schema: JSONValue)
}
