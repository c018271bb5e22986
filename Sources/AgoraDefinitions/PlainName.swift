/// The rule for a name that becomes one component of an agent path (`root/<step id>/<as>-1`): an agent's name,
/// a step's `id`, a map's `as`. Anything else could climb out of its place (`a/../../b`) or split in two.
enum PlainName {
    /// Not empty, not `.` or `..`, and no slash, whitespace or control character.
    static func isPlain(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".."
            && !name.unicodeScalars.contains { $0 == "/" || $0 == "\\" || $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
    }

    /// The message for a name that is not plain.
    static func problem(_ name: String, what: String) -> String {
        "'\(name)' is not a usable \(what): use a plain name (letters, digits, '-', '_'; no spaces, slashes, '.' or '..')"
    }
}
