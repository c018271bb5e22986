/// What a function takes, so a pipeline file is checked before it runs. The loader knows only the signatures it is
/// given: the functions themselves, and which there are, are registered with the engine (AgoraPipelines'
/// `PipelineRegistry`), where each signature travels with its body.
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
}
