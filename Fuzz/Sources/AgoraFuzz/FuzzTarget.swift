import Foundation

/// What one fuzzing run exercises. The raw value is the name scripts/fuzz.sh and `Fuzz/corpus/NAME/` use.
enum FuzzTarget: String, CaseIterable, Sendable {
    case transcript, splitter, cleaner, sse, openai, agent, pipeline, toolmanifest, mcp

    /// Read once: every input of a run goes to the same target.
    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["AGORA_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("agora-fuzz: set AGORA_FUZZ_TARGET to one of \(names)\n".utf8))
            exit(2)
        }
        return target
    }()

    func run(_ bytes: UnsafeRawBufferPointer) {
        switch self {
        case .transcript: Self.transcript(String(decoding: bytes, as: UTF8.self))
        case .splitter: Self.splitter(String(decoding: bytes, as: UTF8.self))
        case .cleaner: Self.cleaner(String(decoding: bytes, as: UTF8.self))
        case .sse: Self.sse(Array(bytes))
        case .openai: Self.openAI(Data(bytes))
        case .agent: Self.agent(String(decoding: bytes, as: UTF8.self))
        case .pipeline: Self.pipeline(String(decoding: bytes, as: UTF8.self))
        case .toolmanifest: Self.toolManifest(Data(bytes))
        case .mcp: Self.mcp(Data(bytes))
        }
    }
}
