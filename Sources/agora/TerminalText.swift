/// Text from outside (a server's error body, a file's contents, a model's answer) made safe to print on a
/// terminal or into a log: control characters become visible escapes, so `\u{1B}]0;PWNED\u{07}` cannot retitle the
/// window, clear the screen or forge a line.
enum TerminalText {
    /// `text` with every C0 and C1 control character and DEL written as `\xNN` (`\u{NNNN}` above 0xFF); with
    /// `keepingLines`, newlines and tabs stay as they are (for multi-line reports).
    static func escaped(_ text: String, keepingLines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0, keepingLines: keepingLines) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if isControl(scalar, keepingLines: keepingLines) {
                out += scalar.value <= 0xFF ? "\\x" + hex(scalar.value, width: 2) : "\\u{" + hex(scalar.value, width: 4) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// C0, DEL and C1 (some terminals act on 0x9B as on ESC [), and the bidirectional overrides, which make a
    /// line read differently from what it holds.
    static func isControl(_ scalar: Unicode.Scalar, keepingLines: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: !keepingLines
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
