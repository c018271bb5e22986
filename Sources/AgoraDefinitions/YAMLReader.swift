import Yams

/// Reads YAML nodes into typed values, collecting every mistake as a `DefinitionError` with its line.
/// One reader serves one file; `step` is set while a pipeline step is read so errors name it.
final class YAMLReader {
    let file: String
    /// Added to Yams' line numbers: the front matter of an agent file starts on the file's second line.
    let lineOffset: Int
    var step: String?
    private(set) var errors: [DefinitionError] = []

    init(file: String, lineOffset: Int = 0) {
        self.file = file
        self.lineOffset = lineOffset
    }

    /// One key of a mapping, with the line it is on.
    struct Entry {
        let key: String
        let line: Int
        let value: Node
    }

    func line(of node: Node) -> Int { (node.mark?.line ?? 1) + lineOffset }

    func fail(_ line: Int, column: Int? = nil, field: String? = nil, _ message: String, suggestion: String? = nil) {
        errors.append(DefinitionError(file: file, line: line, column: column, step: step, field: field, message: message, suggestion: suggestion))
    }

    /// Parses `text` into one node, or records the syntax error and returns nil.
    func compose(_ text: String) -> Node? {
        if let line = YAMLNesting.lineDeeper(in: text) {
            fail(line + lineOffset, "YAML nested more than \(YAMLNesting.limit) levels deep")
            return nil
        }
        do {
            let node = try Yams.compose(yaml: text)
            if let node, YAMLNesting.expands(node, beyond: YAMLNesting.nodeLimit) {
                fail(1 + lineOffset, "YAML expands to more than \(YAMLNesting.nodeLimit) nodes (aliases of aliases?)")
                return nil
            }
            return node
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                // The context says where the construct that went wrong began: an unclosed quote, a list.
                let began = context.map { " (\($0.text) that starts at \($0.mark.line + lineOffset):\($0.mark.column))" } ?? ""
                fail(mark.line + lineOffset, column: mark.column, "YAML syntax error: \(problem)\(began)")
            case .reader(let problem, let offset, _, _):
                // The reader (bad bytes, a control character) gives an offset from the start, not a line.
                let (line, column) = Self.position(ofByte: offset ?? 0, in: text)
                fail(line + lineOffset, column: column, "YAML syntax error: \(problem)")
            default:
                fail(1 + lineOffset, "YAML syntax error: \(error)")
            }
        } catch {
            fail(1 + lineOffset, "YAML syntax error: \(error)")
        }
        return nil
    }

    /// 1-based line and column (in characters) of the byte at `offset` of `text`: libyaml's reader counts bytes.
    static func position(ofByte offset: Int, in text: String) -> (line: Int, column: Int) {
        let before = String(decoding: text.utf8.prefix(max(0, offset)), as: UTF8.self)
        let lines = before.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        return (lines.count, (lines.last?.count ?? 0) + 1)
    }

    /// The entries of a mapping node in file order; records an error for a non-mapping, a non-string key or a
    /// key outside `allowed` (with a suggestion).
    func entries(_ node: Node, what: String, allowed: [String]? = nil) -> [Entry]? {
        guard let mapping = node.mapping else {
            fail(line(of: node), "\(what) must be a mapping of `key: value` lines, got \(describe(node))")
            return nil
        }
        var result: [Entry] = []
        var seen: Set<String> = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                fail(line(of: keyNode), "\(what) has a key that is not a plain name")
                continue
            }
            if let allowed, !allowed.contains(key) {
                fail(line(of: keyNode), field: key, "unknown key in \(what); expected one of \(allowed.joined(separator: ", "))",
                     suggestion: Suggestion.nearest(to: key, in: allowed))
                continue
            }
            if !seen.insert(key).inserted {
                fail(line(of: keyNode), field: key, "given twice")
                continue
            }
            result.append(Entry(key: key, line: line(of: keyNode), value: value))
        }
        return result
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): scalar.string.isEmpty ? "nothing" : "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    func string(_ entry: Entry) -> String? {
        guard case .scalar(let scalar) = entry.value, entry.value.null == nil else {
            fail(entry.line, field: entry.key, "expected text, got \(describe(entry.value))")
            return nil
        }
        return scalar.string
    }

    func int(_ entry: Entry, minimum: Int = 1) -> Int? {
        guard case .scalar = entry.value, let value = entry.value.int else {
            fail(entry.line, field: entry.key, "expected a whole number, got \(describe(entry.value))")
            return nil
        }
        guard value >= minimum else {
            fail(entry.line, field: entry.key, "must be at least \(minimum), got \(value)")
            return nil
        }
        return value
    }

    func number(_ entry: Entry) -> Double? {
        guard case .scalar = entry.value, let value = entry.value.float ?? entry.value.int.map(Double.init) else {
            fail(entry.line, field: entry.key, "expected a number, got \(describe(entry.value))")
            return nil
        }
        guard value >= 0, value.isFinite else {
            fail(entry.line, field: entry.key, "must be a positive number, got \(entry.value.scalar?.string ?? "")")
            return nil
        }
        return value
    }

    func strings(_ entry: Entry) -> [String]? {
        guard case .sequence(let sequence) = entry.value else {
            fail(entry.line, field: entry.key, "expected a list such as [a, b], got \(describe(entry.value))")
            return nil
        }
        var result: [String] = []
        for item in sequence {
            guard let text = item.scalar?.string, item.null == nil else {
                fail(line(of: item), field: entry.key, "expected a list of names, got \(describe(item)) in it")
                return nil
            }
            result.append(text)
        }
        return result
    }
}
