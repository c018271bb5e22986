import AgoraDefinitions
import AgoraRuntime
import AgoraSummarize
import AgoraText

/// A built-in step function: no agent, no model; it computes a value from others.
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

/// A built-in function's complaint about its arguments.
public struct FunctionError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension PipelineFunction {
    /// `segment`, `chunk`, `join` and `digest`, matching `FunctionSignature.standard`.
    public static let standard: [String: PipelineFunction] = {
        let bodies: [String: @Sendable (Call) throws -> PipelineValue] = [
            "segment": { call in
                let plan = SummarizationPlan(text: try call.value("transcript").text, segmentWords: try call.integer("words"))
                guard plan.transcript.wordCount > 0 else { throw SummarizeError.noText }
                return .list(plan.segments.map(PipelineValue.segment))
            },
            "chunk": { call in
                let items = try call.list("list")
                return .list(TreeFold.chunks(items.count, size: try call.integer("size")).map { .list(Array(items[$0])) })
            },
            "join": { call in
                .text(try call.value("list").leaves.joined(separator: call.arguments["separator"] ?? "\n\n"))
            },
            "digest": digest,
        ]
        var functions: [String: PipelineFunction] = [:]
        for signature in FunctionSignature.standard {
            functions[signature.name] = PipelineFunction(signature: signature, body: bodies[signature.name]!)
        }
        return functions
    }()

    /// The summarisation swarm's digest from its parts; `agents` counts the agents the run has started so far, so
    /// call it last.
    @Sendable static func digest(_ call: Call) throws -> PipelineValue {
        let transcript = TranscriptParser.parse(try call.value("transcript").text)
        let segments = try call.list("segments").compactMap { value -> Segment? in
            if case .segment(let segment) = value { return segment }
            return nil
        }
        let groups = TreeFold.chunks(segments.count, size: try call.integer("fan_in"))
        let parts = try call.list("sections")
        guard parts.count == groups.count else {
            throw FunctionError("`sections` has \(parts.count) parts for \(groups.count) groups of \(segments.count) segments (is `fan_in` the reduce step's?)")
        }
        let takeaways = try call.value("takeaways").leaves
        guard !takeaways.isEmpty else { throw SummarizeError.noSentences }
        let stats = call.stats
        let digest = Digest(
            source: call.source("transcript"),
            tldr: try call.value("tldr").leaves,
            keyTakeaways: takeaways,
            sections: zip(groups, parts).map { Digest.Section(segments: Array(segments[$0]), sentences: $1.leaves) },
            stats: Digest.stats(of: transcript, segments: segments.count, agents: stats.startedAgents, modelCalls: stats.modelCalls)
        )
        switch call.arguments["format"] ?? "markdown" {
        case "markdown": return .text(digest.markdown)
        case "json": return .text(try digest.json())
        case "sentences": return .text(digest.sentencesText)
        case let other: throw FunctionError("`format` must be markdown, json or sentences, not '\(other)'")
        }
    }
}
