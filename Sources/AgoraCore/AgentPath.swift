/// Where an agent sits in its swarm: `root/map/segment-3`. Traces, errors and results carry it.
public struct AgentPath: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String
    /// 0 for the root.
    public let depth: Int

    public init(root name: String = "root") {
        rawValue = name
        depth = 0
    }

    private init(rawValue: String, depth: Int) {
        self.rawValue = rawValue
        self.depth = depth
    }

    /// Parses a path written as `a/b/c`.
    public init?(_ string: String) {
        guard !string.isEmpty, !string.hasPrefix("/"), !string.hasSuffix("/"), !string.contains("//") else { return nil }
        rawValue = string
        depth = string.utf8.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 }
    }

    public func child(_ name: String) -> AgentPath {
        AgentPath(rawValue: rawValue + "/" + name, depth: depth + 1)
    }

    /// The last component: the agent's own name.
    public var name: Substring {
        guard let slash = rawValue.lastIndex(of: "/") else { return rawValue[...] }
        return rawValue[rawValue.index(after: slash)...]
    }

    public var components: [Substring] { rawValue.split(separator: "/") }

    public var description: String { rawValue }

    public static func < (lhs: AgentPath, rhs: AgentPath) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let string = try decoder.singleValueContainer().decode(String.self)
        guard let path = AgentPath(string) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad agent path '\(string)'"))
        }
        self = path
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
