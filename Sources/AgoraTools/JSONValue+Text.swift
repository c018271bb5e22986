import AgoraCore
import Foundation

extension JSONValue {
    /// Parses JSON text; throws `ToolError.badArguments` describing where it broke.
    public static func parse(_ text: String) throws -> JSONValue {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Models often send "" for "no arguments".
        if trimmed.isEmpty { return .object([:]) }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(trimmed.utf8))
        } catch let DecodingError.dataCorrupted(context) {
            let reason = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
            throw ToolError.badJSON(reason)
        } catch {
            throw ToolError.badJSON("\(error)")
        }
    }
}

extension ToolOutput {
    /// What the model reads: the text, or the JSON compactly.
    public var modelText: String {
        switch self {
        case .text(let text): text
        case .json(let value): value.compactJSON
        }
    }
}
