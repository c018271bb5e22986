import Foundation

extension FileManager {
    /// A fresh folder under the temporary directory; the caller removes it.
    public func temporaryFolder() throws -> URL {
        let folder = temporaryDirectory.appendingPathComponent("agora-test-\(UUID().uuidString)")
        try createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
