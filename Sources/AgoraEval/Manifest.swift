import Foundation

/// A data set's `manifest.json`: items, each with a transcript and one or more reference summaries, paths relative
/// to the manifest's folder (the format of `qmsum-val/manifest.json`).
public struct Manifest: Sendable, Hashable, Codable {
    public struct Reference: Sendable, Hashable, Codable {
        public var file: String
        public var words: Int?
    }

    public struct Item: Sendable, Hashable, Codable {
        public var id: String
        public var transcript: String
        public var referenceSummaries: [Reference]
        public var transcriptWords: Int?

        enum CodingKeys: String, CodingKey {
            case id, transcript
            case referenceSummaries = "reference_summaries"
            case transcriptWords = "transcript_words"
        }
    }

    public var items: [Item]

    /// Reads `DIR/manifest.json`.
    public static func load(directory: URL) throws -> Manifest {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EvalError.missingDirectory(directory.path)
        }
        let url = directory.appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: url.path) else { throw EvalError.missingManifest(url.path) }
        do {
            return try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw EvalError.badManifest(url.path, Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "missing key '\(key.stringValue)' at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context): "not valid JSON: \(context.debugDescription)"
        default: "\(error)"
        }
    }
}

/// What can go wrong reading a data set; each reads as one line.
public enum EvalError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingDirectory(String)
    case missingManifest(String)
    case badManifest(String, String)
    case missingFile(String)
    case noReference(String)
    case unknownIDs([String])

    public var description: String {
        switch self {
        case .missingDirectory(let path): "no data set directory at \(path)"
        case .missingManifest(let path): "no manifest at \(path)"
        case .badManifest(let path, let why): "bad manifest \(path): \(why)"
        case .missingFile(let path): "cannot read \(path)"
        case .noReference(let id): "item \(id) has no reference summary"
        case .unknownIDs(let ids): "unknown item ids: \(ids.joined(separator: ", "))"
        }
    }
}
