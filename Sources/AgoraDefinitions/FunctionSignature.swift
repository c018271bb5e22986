/// What a built-in function takes, so a pipeline file is checked before it runs. The implementations live with
/// the executor (AgoraPipelines); the loader knows only these signatures.
public struct FunctionSignature: Sendable, Hashable {
    public enum ArgumentKind: String, Sendable, Hashable {
        /// The name of a value of the pipeline.
        case value
        /// A whole number.
        case integer
        /// Literal text.
        case text
    }

    public struct Argument: Sendable, Hashable {
        public var name: String
        public var kind: ArgumentKind
        /// The value when the call leaves it out; nil makes it required.
        public var defaultValue: String?

        public init(_ name: String, _ kind: ArgumentKind, default defaultValue: String? = nil) {
            self.name = name
            self.kind = kind
            self.defaultValue = defaultValue
        }
    }

    public var name: String
    public var summary: String
    public var arguments: [Argument]

    public init(name: String, summary: String, arguments: [Argument]) {
        self.name = name
        self.summary = summary
        self.arguments = arguments
    }

    /// The built-in functions of every pipeline.
    public static let standard: [FunctionSignature] = [
        FunctionSignature(name: "segment", summary: "cut a transcript into segments at turn boundaries", arguments: [
            Argument("transcript", .value), Argument("words", .integer, default: "500"),
        ]),
        FunctionSignature(name: "chunk", summary: "group a list into runs of `size` consecutive items", arguments: [
            Argument("list", .value), Argument("size", .integer),
        ]),
        FunctionSignature(name: "join", summary: "a list's texts as one text", arguments: [
            Argument("list", .value), Argument("separator", .text, default: "\n\n"),
        ]),
        FunctionSignature(name: "digest", summary: "render the summarisation swarm's digest", arguments: [
            Argument("transcript", .value), Argument("segments", .value), Argument("sections", .value),
            Argument("takeaways", .value), Argument("tldr", .value), Argument("fan_in", .integer, default: "4"),
            Argument("format", .text, default: "markdown"),
        ]),
    ]
}
