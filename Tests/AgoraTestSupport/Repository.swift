import Foundation

/// The checkout the tests were built from: where the example transcripts, agents and fixtures are.
public enum Repository {
    /// Three levels above this file (Tests/AgoraTestSupport/Repository.swift).
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The path of an example transcript, `Examples/transcripts/name`.
    public static func transcript(_ name: String) -> String {
        root.appendingPathComponent("Examples/transcripts/\(name)").path
    }
}
