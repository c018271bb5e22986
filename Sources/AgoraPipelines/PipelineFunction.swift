import AgoraDefinitions
import AgoraRuntime

/// A function a `call` step runs: no agent, no model; it computes a value from others. The engine builds in the
/// generic ones (`chunk`, `join`); other modules register theirs through a `PipelineRegistry` (the summariser's
/// `segment` and `digest`).
public struct PipelineFunction: Sendable {
    /// What a function sees: its arguments (value names resolved on demand), the run's input sources and counts.
    public struct Call: Sendable {
        public let arguments: [String: String]
        let values: [String: PipelineValue]
        let sources: [String: String]
        let swarm: Swarm

        /// The value an argument names.
        public func value(_ argument: String) throws -> PipelineValue {
            let name = arguments[argument] ?? argument
            guard let value = values[name] else { throw FunctionError("no value '\(name)' for `\(argument)`") }
            return value
        }

        public func list(_ argument: String) throws -> [PipelineValue] {
            let value = try value(argument)
            guard let items = value.items else { throw FunctionError("`\(argument)` must be a list, '\(arguments[argument] ?? argument)' is \(value.kindName)") }
            return items
        }

        public func integer(_ argument: String) throws -> Int {
            guard let text = arguments[argument], let number = Int(text) else { throw FunctionError("`\(argument)` must be a whole number") }
            return number
        }

        /// Where the value an argument names came from (an input file's name), else the value's name.
        public func source(_ argument: String) -> String {
            let name = arguments[argument] ?? argument
            return sources[name] ?? name
        }

        public var stats: SwarmStats { swarm.stats }
    }

    public var signature: FunctionSignature
    public var body: @Sendable (Call) throws -> PipelineValue

    public init(signature: FunctionSignature, body: @escaping @Sendable (Call) throws -> PipelineValue) {
        self.signature = signature
        self.body = body
    }
}

/// A function's complaint about its arguments.
public struct FunctionError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension PipelineFunction {
    /// The engine's own functions, which know no value but text and lists: `chunk` and `join`.
    public static let builtIn: [PipelineFunction] = [chunk, join]

    /// `chunk`: a list in runs of `size` consecutive items, as a reduce step's tree groups them.
    public static let chunk = PipelineFunction(
        signature: FunctionSignature(name: "chunk", summary: "group a list into runs of `size` consecutive items", arguments: [
            .init("list", .value), .init("size", .integer),
        ])
    ) { call in
        let items = try call.list("list")
        return .list(TreeFold.chunks(items.count, size: try call.integer("size")).map { .list(Array(items[$0])) })
    }

    /// `join`: a list's texts, all levels, as one text.
    public static let join = PipelineFunction(
        signature: FunctionSignature(name: "join", summary: "a list's texts as one text", arguments: [
            .init("list", .value), .init("separator", .text, default: "\n\n"),
        ])
    ) { call in
        .text(try call.value("list").leaves.joined(separator: call.arguments["separator"] ?? "\n\n"))
    }
}
