/// A mistake in an agent or pipeline file, located to the line: `Agents/critic.md:4: field 'backnd': unknown key
/// (did you mean 'backend'?)`.
public struct DefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// 1-based; the line of the offending key or value.
    public var line: Int
    /// 1-based, when known (YAML syntax errors): printed as `file:line:column:`, the form editors jump to.
    public var column: Int?
    /// The pipeline step the mistake is in (its id), if any.
    public var step: String?
    /// The key at fault, if any.
    public var field: String?
    public var message: String
    /// A near-miss spelling of what was probably meant.
    public var suggestion: String?

    public init(file: String, line: Int, column: Int? = nil, step: String? = nil, field: String? = nil, message: String, suggestion: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.step = step
        self.field = field
        self.message = message
        self.suggestion = suggestion
    }

    public var description: String {
        var text = "\(file):\(line):" + (column.map { "\($0):" } ?? "") + " "
        if let step { text += "step '\(step)': " }
        if let field { text += "field '\(field)': " }
        text += message
        if let suggestion { text += " (did you mean '\(suggestion)'?)" }
        return text
    }
}

/// Every mistake found in one or more files, in file and line order. Thrown by the loaders, which report all they
/// find rather than the first.
public struct DefinitionErrors: Error, Sendable, Hashable, CustomStringConvertible {
    public var errors: [DefinitionError]

    public init(_ errors: [DefinitionError]) {
        self.errors = errors
    }

    /// One line per mistake.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
