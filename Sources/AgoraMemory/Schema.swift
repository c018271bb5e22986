import GRDB

/// The workspace schema, as versioned migrations. Never edit a shipped migration: add a new one.
enum Schema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-memory") { db in
            try db.execute(sql: """
                CREATE TABLE memory (
                    id INTEGER PRIMARY KEY,
                    text TEXT NOT NULL,
                    namespace TEXT NOT NULL,
                    tags TEXT NOT NULL DEFAULT '',
                    run_id TEXT,
                    agent_path TEXT,
                    created REAL NOT NULL
                );
                CREATE INDEX memory_by_namespace ON memory(namespace, id);
                CREATE INDEX memory_by_run ON memory(run_id);
                CREATE TABLE memory_tag (
                    tag TEXT NOT NULL,
                    entry_id INTEGER NOT NULL REFERENCES memory(id) ON DELETE CASCADE,
                    PRIMARY KEY (tag, entry_id)
                ) WITHOUT ROWID;
                CREATE INDEX memory_tag_by_entry ON memory_tag(entry_id);
                CREATE VIRTUAL TABLE memory_fts USING fts5(
                    text, content = 'memory', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'
                );
                CREATE TRIGGER memory_after_insert AFTER INSERT ON memory BEGIN
                    INSERT INTO memory_fts(rowid, text) VALUES (new.id, new.text);
                END;
                CREATE TRIGGER memory_after_delete AFTER DELETE ON memory BEGIN
                    INSERT INTO memory_fts(memory_fts, rowid, text) VALUES ('delete', old.id, old.text);
                END;
                CREATE TRIGGER memory_after_update AFTER UPDATE OF text ON memory BEGIN
                    INSERT INTO memory_fts(memory_fts, rowid, text) VALUES ('delete', old.id, old.text);
                    INSERT INTO memory_fts(rowid, text) VALUES (new.id, new.text);
                END;
                PRAGMA user_version = 1;
                """)
        }
        migrator.registerMigration("v2-journal") { db in
            try db.execute(sql: """
                CREATE TABLE run (
                    id TEXT PRIMARY KEY,
                    command TEXT NOT NULL,
                    arguments TEXT NOT NULL DEFAULT '[]',
                    started REAL NOT NULL,
                    finished REAL,
                    status TEXT
                );
                CREATE TABLE journal (
                    run_id TEXT NOT NULL,
                    path TEXT NOT NULL,
                    key TEXT NOT NULL,
                    result BLOB NOT NULL,
                    recorded REAL NOT NULL,
                    PRIMARY KEY (run_id, path, key)
                ) WITHOUT ROWID;
                PRAGMA user_version = 2;
                """)
        }
        return migrator
    }()

    static func userVersion(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
    }
}
