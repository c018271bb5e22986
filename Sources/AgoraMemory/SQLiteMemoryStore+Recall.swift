import AgoraCore
import GRDB

/// Namespace and tags a recall is restricted to.
struct RecallFilter: Sendable {
    var namespace: String?
    var tags: [String]
}

extension SQLiteMemoryStore {
    /// The recall plan. FTS5's `bm25()` costs a few microseconds for every matching row, plus a pass over each query
    /// word's whole posting list to weigh it; ranking every match of common words in a million entries takes seconds.
    /// So, with `R = exactRankingLimit` and each word's entry count probed (counting stops at R + 1):
    ///
    /// 1. The words that occur in at most R entries together, rarest first, are the *rare* words; the others are *common*.
    /// 2. No common words: every entry with any word, ranked by BM25 over all words. Exact.
    /// 3. Rare and common words: entries with a rare word and a common word first (BM25 over all words), then entries
    ///    with a rare word only (BM25 over the rare words). Every candidate holds a rare word, so at most R are ranked.
    /// 4. Only common words: among the R newest entries that hold every word, ranked by BM25; then, if short of k, the
    ///    R newest that hold any word.
    /// 5. Only function words (`the of`): the newest entries holding them all, score 0.
    static func recall(_ query: FullTextQuery, k: Int, filter: RecallFilter, exactRankingLimit limit: Int, _ db: Database) throws -> [MemoryEntry] {
        if query.onlyStopwords {
            return try ranked(FullTextQuery.all(query.terms), k: k, filter: filter, newest: k, rank: false, db)
        }
        var counts: [String: Int] = [:]
        for term in query.terms {
            counts[term] = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM (SELECT 1 FROM memory_fts WHERE memory_fts MATCH ? LIMIT ?)"),
                arguments: [FullTextQuery.quoted(term), limit + 1]) ?? 0
        }
        var rare: [String] = []
        var total = 0
        for term in query.terms.sorted(by: { counts[$0]! < counts[$1]! }) where total + counts[term]! <= limit {
            rare.append(term)
            total += counts[term]!
        }
        rare.removeAll { counts[$0] == 0 }
        let common = query.terms.filter { !rare.contains($0) && counts[$0]! > 0 }
        if common.isEmpty {
            guard !rare.isEmpty else { return [] }
            return try ranked(FullTextQuery.any(rare), k: k, filter: filter, newest: nil, rank: true, db)
        }
        if !rare.isEmpty {
            let both = FullTextQuery.any(rare) + " AND " + FullTextQuery.any(common)
            let first = try ranked(both, k: k, filter: filter, newest: nil, rank: true, db)
            if first.count >= k { return first }
            return merge(first, try ranked(FullTextQuery.any(rare), k: k, filter: filter, newest: nil, rank: true, db), k: k)
        }
        let first = try ranked(FullTextQuery.all(common), k: k, filter: filter, newest: limit, rank: true, db)
        if first.count >= k || common.count == 1 { return first }
        return merge(first, try ranked(FullTextQuery.any(common), k: k, filter: filter, newest: limit, rank: true, db), k: k)
    }

    /// The `k` best entries matching `expression`, BM25-ranked if `rank`. With `newest`, only the newest matches are
    /// ranked: that many full-text matches, filtered afterwards; if the filters leave fewer than `k`, the newest
    /// that many matches that pass the filters (slower with a selective filter, but never short of results).
    private static func ranked(_ expression: String, k: Int, filter: RecallFilter, newest: Int?, rank: Bool, _ db: Database) throws -> [MemoryEntry] {
        let score = rank ? "-bm25(memory_fts)" : "0.0"
        var filters = ""
        var filterArguments = StatementArguments()
        appendFilters(namespace: filter.namespace, tags: filter.tags, to: &filters, &filterArguments)
        guard let newest else {
            let sql = """
                SELECT \(entryColumns), \(score) AS score FROM memory_fts JOIN memory m ON m.id = memory_fts.rowid
                WHERE memory_fts MATCH ?\(filters) ORDER BY score DESC, m.id DESC LIMIT ?
                """
            return try fetch(sql, [expression] + filterArguments + [k], db)
        }
        let windowed = """
            SELECT \(entryColumns), s.score FROM (
                SELECT memory_fts.rowid AS rid, \(score) AS score FROM memory_fts WHERE memory_fts MATCH ?
                ORDER BY memory_fts.rowid DESC LIMIT ?
            ) s JOIN memory m ON m.id = s.rid WHERE 1\(filters) ORDER BY s.score DESC, m.id DESC LIMIT ?
            """
        let found = try fetch(windowed, [expression, newest] + filterArguments + [k], db)
        guard found.count < k, !filters.isEmpty else { return found }
        let filtered = """
            SELECT * FROM (
                SELECT \(entryColumns), \(score) AS score FROM memory_fts JOIN memory m ON m.id = memory_fts.rowid
                WHERE memory_fts MATCH ?\(filters) ORDER BY memory_fts.rowid DESC LIMIT ?
            ) ORDER BY score DESC, id DESC LIMIT ?
            """
        return try fetch(filtered, [expression] + filterArguments + [newest, k], db)
    }

    private static func fetch(_ sql: String, _ arguments: StatementArguments, _ db: Database) throws -> [MemoryEntry] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map(entry)
    }

    private static func merge(_ first: [MemoryEntry], _ second: [MemoryEntry], k: Int) -> [MemoryEntry] {
        let seen = Set(first.map(\.id))
        return Array((first + second.filter { !seen.contains($0.id) }).prefix(k))
    }
}
