import GRDB

/// Why a workspace file could not be opened or written. Every message is one line and names the file.
public enum SQLiteWorkspaceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file exists but is not an SQLite database.
    case notSQLite(path: String)
    /// The file is an SQLite database, but damaged.
    case corrupted(path: String, detail: String)
    /// The file (or its folder) cannot be written.
    case readOnly(path: String)
    /// The file was written by a newer Agora: it has schema changes this version does not know.
    case newerSchema(path: String, found: Int, supported: Int)
    /// An SQLite database that is not an Agora workspace (it has tables of its own, none of ours).
    case foreignDatabase(path: String)
    /// The disk (or the database's size limit) is full; the write was rolled back.
    case diskFull(path: String)
    /// Another process held the database locked for longer than the busy timeout.
    case busy(path: String)
    /// The path is a symbolic link to nothing: refused rather than creating a database at its target.
    case danglingLink(path: String, target: String)
    /// Any other SQLite failure.
    case sqlite(path: String, code: Int32, message: String)

    public var description: String {
        switch self {
        case .notSQLite(let path): "\(path): not an SQLite database (left untouched)"
        case .corrupted(let path, let detail): "\(path): the database is corrupted (\(detail)); left untouched"
        case .readOnly(let path): "\(path): the memory file is read-only"
        case .newerSchema(let path, let found, let supported):
            "\(path): written by a newer Agora (schema version \(found), this build knows up to \(supported)); left untouched"
        case .foreignDatabase(let path): "\(path): an SQLite database that is not an Agora workspace; left untouched"
        case .diskFull(let path): "\(path): disk full, the write was rolled back"
        case .busy(let path): "\(path): the database stayed locked by another process past the busy timeout"
        case .danglingLink(let path, let target): "\(path): a symbolic link to '\(target)', which does not exist; refusing to create it"
        case .sqlite(let path, let code, let message): "\(path): SQLite error \(code): \(message)"
        }
    }

    /// Maps an SQLite failure on `path` to a typed error.
    static func map(_ error: any Error, path: String) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        // SQLITE_IOERR_SHMSIZE: the shared-memory index could not grow, which on a full disk is how opening fails.
        if error.extendedResultCode.rawValue == 4874 { return SQLiteWorkspaceError.diskFull(path: path) }
        switch error.resultCode {
        case .SQLITE_NOTADB: return SQLiteWorkspaceError.notSQLite(path: path)
        case .SQLITE_CORRUPT: return SQLiteWorkspaceError.corrupted(path: path, detail: error.message ?? "malformed")
        case .SQLITE_READONLY, .SQLITE_PERM: return SQLiteWorkspaceError.readOnly(path: path)
        case .SQLITE_FULL: return SQLiteWorkspaceError.diskFull(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return SQLiteWorkspaceError.busy(path: path)
        default:
            return SQLiteWorkspaceError.sqlite(path: path, code: error.extendedResultCode.rawValue, message: error.message ?? "\(error)")
        }
    }
}
