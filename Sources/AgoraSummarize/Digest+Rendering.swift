import Foundation

extension Digest {
    /// The digest as Markdown: TL;DR, key takeaways as bullets, the detailed summary in parts.
    public var markdown: String {
        var out = "# Summary of \(source)\n\n"
        out += "_\(stats.words.formatted()) words · \(stats.turns.formatted()) turns · \(stats.speakers) speakers · "
        out += "\(stats.segments) segments · \(stats.agents) agents_\n\n"
        out += "## TL;DR\n\n" + tldr.joined(separator: " ") + "\n\n"
        out += "## Key takeaways\n\n"
        for takeaway in keyTakeaways { out += "- \(takeaway)\n" }
        out += "\n## Detailed summary\n"
        for section in sections {
            out += "\n### \(section.title)\n\n"
            if !section.speakers.isEmpty { out += "_Speakers: \(section.speakers.joined(separator: ", "))_\n\n" }
            out += section.sentences.joined(separator: " ") + "\n"
        }
        return out
    }

    /// The digest as pretty-printed JSON with stable key order.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// The key takeaways alone, one sentence a line: the form used for evaluation.
    public var sentencesText: String {
        keyTakeaways.map { $0 + "\n" }.joined()
    }
}

extension Int {
    /// 12,345: thousands separated by commas, whatever the locale, so output is the same everywhere.
    func formatted() -> String {
        let digits = String(abs(self))
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return self < 0 ? "-" + out : out
    }
}
