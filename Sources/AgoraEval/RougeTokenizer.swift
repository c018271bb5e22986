import AgoraText

/// Tokenises exactly like Google's `rouge-score`: lowercase, every character outside `[a-z0-9]` becomes a space,
/// split, and (with stemming) Porter-stem the tokens longer than three characters.
public struct RougeTokenizer: Sendable {
    public var stemming: Bool

    public init(stemming: Bool = true) {
        self.stemming = stemming
    }

    public func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current: [UInt8] = []
        func flush() {
            guard !current.isEmpty else { return }
            let token = String(decoding: current, as: UTF8.self)
            tokens.append(stemming && current.count > 3 ? PorterStemmer.stem(token) : token)
            current.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x61...0x7A: current.append(byte)
            case 0x41...0x5A: current.append(byte | 0x20)
            default: flush()
            }
        }
        flush()
        return tokens
    }
}
