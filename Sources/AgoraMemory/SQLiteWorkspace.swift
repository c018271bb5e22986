import Foundation
import GRDB

/// One SQLite file that holds a workspace's long-term memory and run journal (`.agora/memory.sqlite` by default).
///
/// ```swift
/// let workspace = try SQLiteWorkspace(path: ".agora/memory.sqlite")
/// let memory = SQLiteMemoryStore(workspace: workspace)
/// let journal = SQLiteRunJournal(workspace: workspace)
/// ```
///
/// The file is opened in WAL mode with a busy timeout, so several processes can use one workspace at once: readers
/// never block, writers queue for up to `busyTimeout` seconds. Before anything is written, an existing file is
/// checked read-only; a file that is not SQLite, is corrupted, read-only, foreign or from a newer schema is
/// reported as a ``SQLiteWorkspaceError`` and left byte for byte as it was.
///
/// Durability: GRDB runs WAL databases with `synchronous = NORMAL`. A committed transaction survives the process
/// being killed (SIGKILL included); a power loss or kernel crash may lose the last transactions, never corrupt
/// the file.
public final class SQLiteWorkspace: Sendable {
    /// The default workspace folder, relative to the current folder.
    public static let defaultFolder = ".agora"

    /// The default file, relative to the current folder.
    public static let defaultPath = file(in: defaultFolder)

    /// The file of the workspace folder `folder`: its run journal and (unless told otherwise) its long-term memory.
    public static func file(in folder: String) -> String {
        folder.hasSuffix("/") ? folder + "memory.sqlite" : folder + "/memory.sqlite"
    }

    /// The schema version this build writes and understands (also stored as `PRAGMA user_version`).
    public static var schemaVersion: Int { Schema.migrator.migrations.count }

    /// The file's path as given.
    public let path: String
    let pool: DatabasePool

    /// Opens (creating it and its folder if needed) the workspace file at `path`, migrating an older schema.
    ///
    /// - Parameters:
    ///   - busyTimeout: seconds a write waits for another process's write lock before failing with `.busy`.
    ///   - maxPageCount: caps the file's size in pages (`PRAGMA max_page_count`); `nil` for SQLite's limit.
    ///     Tests use it to make a write hit "disk full".
    public init(path: String, busyTimeout: TimeInterval = 10, maxPageCount: Int? = nil) throws {
        self.path = path
        let exists = try Self.preflight(path: path)
        if !exists {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "agora.workspace"
        configuration.prepareDatabase { db in
            if let maxPageCount {
                try db.execute(sql: "PRAGMA max_page_count = \(maxPageCount)")
            }
        }
        do {
            // Processes opening the same file at once take turns: creating the file, switching it to WAL and
            // migrating it are not safe to interleave (one saw "table already exists", another SQLITE_BUSY).
            let lock = try FileLock(path: path + "-open.lock")
            defer { lock.release() }
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrate(pool, path: path, busyTimeout: busyTimeout)
        } catch {
            throw SQLiteWorkspaceError.map(error, path: path)
        }
    }

    /// Runs `body` in a write transaction, mapping SQLite failures to ``SQLiteWorkspaceError``.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw SQLiteWorkspaceError.map(error, path: path)
        }
    }

    /// Runs `body` in a read transaction, mapping SQLite failures to ``SQLiteWorkspaceError``.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw SQLiteWorkspaceError.map(error, path: path)
        }
    }

    /// The migrations applied to the file, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await read { db in try Schema.migrator.appliedMigrations(db) }
    }

    /// Migrates, tolerating another process migrating the same new file at the same moment.
    ///
    /// Two processes that create one file together race: the loser's migration reads a snapshot the winner has
    /// since written past, and SQLite answers SQLITE_BUSY at once (waiting could not help that snapshot). The
    /// loser then retries until the schema is complete or `busyTimeout` has passed.
    private static func migrate(_ pool: DatabasePool, path: String, busyTimeout: TimeInterval) throws {
        let migrator = Schema.migrator
        if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
            throw SQLiteWorkspaceError.newerSchema(path: path, found: try pool.read(Schema.userVersion), supported: schemaVersion)
        }
        let deadline = Date().addingTimeInterval(busyTimeout)
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                if try pool.read({ try migrator.hasCompletedMigrations($0) }) { return }
                let busy = (error as? DatabaseError).map { $0.resultCode == .SQLITE_BUSY || $0.resultCode == .SQLITE_LOCKED } ?? false
                guard busy, Date() < deadline else { throw error }
                usleep(20_000)
            }
        }
    }

    /// Checks an existing file without writing to it. Returns whether the file exists (and is non-empty).
    private static func preflight(path: String) throws -> Bool {
        // SQLite follows a link; one to nothing would have it create a database wherever the link points.
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path), access(path, F_OK) != 0 {
            throw SQLiteWorkspaceError.danglingLink(path: path, target: target)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return false }
        guard !isDirectory.boolValue else { throw SQLiteWorkspaceError.notSQLite(path: path) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SQLiteWorkspaceError.readOnly(path: path) }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        try? handle.close()
        if header.isEmpty { return false }  // an empty file is an empty database: SQLite starts it afresh
        guard header.count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw SQLiteWorkspaceError.notSQLite(path: path)
        }
        // Root may write anywhere, so also honour the file's mode bits: a file nobody may write is read-only.
        let permissions = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0o644
        guard access(path, W_OK) == 0, permissions & 0o222 != 0 else { throw SQLiteWorkspaceError.readOnly(path: path) }

        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read { db in
                let tables = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                let version = try Schema.userVersion(db)
                if !tables.isEmpty, !tables.contains("grdb_migrations") {
                    throw SQLiteWorkspaceError.foreignDatabase(path: path)
                }
                let superseded = tables.contains("grdb_migrations") ? try Schema.migrator.hasBeenSuperseded(db) : false
                if version > schemaVersion || superseded {
                    throw SQLiteWorkspaceError.newerSchema(path: path, found: version, supported: schemaVersion)
                }
            }
            try queue.close()
        } catch let error as SQLiteWorkspaceError {
            throw error
        } catch {
            throw SQLiteWorkspaceError.map(error, path: path)
        }
        return true
    }
}

/// An advisory lock on a file (flock), held until released; waits while another process holds it.
struct FileLock {
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SQLiteWorkspaceError.readOnly(path: path) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(descriptor)
                throw SQLiteWorkspaceError.readOnly(path: path)
            }
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
