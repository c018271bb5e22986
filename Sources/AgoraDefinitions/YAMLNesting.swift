import Yams

/// How deep a YAML text nests, found by one cheap pass before Yams sees it. Yams builds nodes recursively, and so
/// do the readers here and the nodes' release: 5,000 `[` (12 KB) overflow the small stack of a Swift task and
/// the process dies with SIGSEGV before any error can be reported. Agent and pipeline files nest a few levels.
///
/// The count errs on the high side, never the low one: each indentation level, each `- `, `? ` or `key:` on a
/// line and each open `[` or `{` adds a level. Quoted text, comments and block scalars (`|`, `>`) do not.
enum YAMLNesting {
    /// Far above any real definition (a pipeline's steps nested ten deep use about 30), far below the 5,000
    /// levels of `[` that overflowed the stack of `agora agents check`.
    static let limit = 100

    /// Far above any real definition, far below what aliases of aliases make of a few hundred bytes (eight levels
    /// of ten aliases each are 10^8 nodes, which the readers would walk one by one).
    static let nodeLimit = 100_000

    /// Whether `node`, its aliases expanded (Yams shares an alias's node with its anchor's, the readers walk
    /// it again), has more than `limit` nodes. Stops counting at the limit, so it costs at most that many steps.
    static func expands(_ node: Node, beyond limit: Int) -> Bool {
        var remaining = limit
        func visit(_ node: Node) -> Bool {
            remaining -= 1
            if remaining < 0 { return true }
            switch node {
            case .scalar: return false
            case .sequence(let sequence): return sequence.contains(where: visit)
            case .mapping(let mapping): return mapping.contains { visit($0.key) || visit($0.value) }
            }
        }
        return visit(node)
    }

    /// The 1-based line on which the nesting first goes deeper than `limit`, or nil.
    static func lineDeeper(than limit: Int = limit, in text: String) -> Int? {
        var scanner = Scanner(limit: limit)
        var line = 1
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                if scanner.scan(bytes[start..<end]) { return line }
                line += 1
                start = end + 1
            }
            return nil
        } ?? nil
    }

    private struct Scanner {
        let limit: Int
        /// Indentation of the open block collections.
        var indents: [Int] = []
        var flow = 0
        var quote: UInt8?
        /// While set, lines indented deeper than this are the content of a block scalar.
        var blockScalarIndent: Int?

        init(limit: Int) { self.limit = limit }

        /// Reads one line; true when it nests deeper than the limit.
        mutating func scan(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
            var i = line.startIndex
            while i < line.endIndex && line[i] == 0x20 { i += 1 }
            let indent = i - line.startIndex
            let blank = i == line.endIndex || line[i] == 0x0D
            if let scalarIndent = blockScalarIndent {
                if blank || indent > scalarIndent { return false }
                blockScalarIndent = nil
            }
            var depth: Int
            var valueStart = true
            if quote == nil && flow == 0 {
                if blank || line[i] == UInt8(ascii: "#") { return false }
                while let last = indents.last, last >= indent { indents.removeLast() }
                indents.append(indent)
                depth = indents.count
                // Compact nested collections: `- - x`, `- key: value`, `? key`.
                while i < line.endIndex, line[i] == UInt8(ascii: "-") || line[i] == UInt8(ascii: "?"),
                    i + 1 == line.endIndex || line[i + 1] == 0x20
                {
                    depth += 1
                    i += 1
                    while i < line.endIndex && line[i] == 0x20 { i += 1 }
                }
            } else {
                depth = indents.count
            }
            if depth + flow > limit { return true }
            var tokenStart = true
            while i < line.endIndex {
                let byte = line[i]
                if let open = quote {
                    if open == UInt8(ascii: "\"") && byte == UInt8(ascii: "\\") {
                        i += 2
                        continue
                    }
                    if byte == open {
                        if open == UInt8(ascii: "'") && i + 1 < line.endIndex && line[i + 1] == open {
                            i += 2
                            continue
                        }
                        quote = nil
                        tokenStart = false
                    }
                    i += 1
                    continue
                }
                let afterSpace = i == line.startIndex || line[i - 1] == 0x20 || line[i - 1] == 0x09
                if byte == UInt8(ascii: "#") && afterSpace { break }
                let colonValue = byte == UInt8(ascii: ":") && (i + 1 == line.endIndex || line[i + 1] == 0x20 || line[i + 1] == 0x09)
                if flow > 0 {
                    switch byte {
                    case UInt8(ascii: "["), UInt8(ascii: "{"):
                        flow += 1
                        if depth + flow > limit { return true }
                        tokenStart = true
                    case UInt8(ascii: "]"), UInt8(ascii: "}"):
                        flow -= 1
                        tokenStart = false
                        if flow == 0 { valueStart = false }
                    case UInt8(ascii: ","):
                        tokenStart = true
                    case UInt8(ascii: "\"") where tokenStart, UInt8(ascii: "'") where tokenStart:
                        quote = byte
                    case 0x20, 0x09:
                        break
                    default:
                        tokenStart = colonValue
                    }
                } else if valueStart {
                    switch byte {
                    case 0x20, 0x09:
                        break
                    case UInt8(ascii: "["), UInt8(ascii: "{"):
                        flow = 1
                        if depth + flow > limit { return true }
                        tokenStart = true
                    case UInt8(ascii: "\""), UInt8(ascii: "'"):
                        quote = byte
                        valueStart = false
                    case UInt8(ascii: "|"), UInt8(ascii: ">"):
                        blockScalarIndent = indent
                        return false
                    case UInt8(ascii: "&"), UInt8(ascii: "!"):
                        // An anchor or a tag: the value follows it.
                        while i + 1 < line.endIndex && line[i + 1] != 0x20 { i += 1 }
                    default:
                        valueStart = colonValue
                        if colonValue {
                            depth += 1
                            if depth > limit { return true }
                        }
                    }
                } else if colonValue {
                    // `key: value`, or `- key: value` opening a mapping inside a list item.
                    valueStart = true
                    depth += 1
                    if depth > limit { return true }
                }
                i += 1
            }
            return false
        }
    }
}
