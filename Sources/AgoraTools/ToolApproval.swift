import AgoraCore

/// A tool call waiting for a person's yes or no.
public struct ApprovalRequest: Sendable, Hashable, Codable {
    /// Short and stable across processes (a hash of the run, the agent's path and inputs, the turn and the call's
    /// place in it), so that `agora approve RUN_ID ID` names the same call in a later process.
    public var id: String
    /// The agent's name (its definition's), as a person reads it.
    public var agent: String
    /// The agent's path in the run.
    public var path: String
    public var call: ToolCall

    public init(id: String, agent: String, path: String, call: ToolCall) {
        self.id = id
        self.agent = agent
        self.path = path
        self.call = call
    }

    /// `Allow researcher to call read_file {"path": "notes.txt"}?`
    public var question: String {
        let arguments = (try? JSONValue.parse(call.arguments)).map(Self.spaced) ?? call.arguments
        return "Allow \(agent) to call \(call.name) \(arguments)?"
    }

    /// Compact JSON with a space after each colon and comma, as a person writes it.
    static func spaced(_ value: JSONValue) -> String {
        switch value {
        case .object(let fields):
            "{" + fields.keys.sorted().map { "\(JSONValue.string($0).compactJSON): \(spaced(fields[$0]!))" }.joined(separator: ", ") + "}"
        case .array(let items): "[" + items.map(spaced).joined(separator: ", ") + "]"
        default: value.compactJSON
        }
    }
}

/// A person's answer to an `ApprovalRequest`.
public enum ApprovalDecision: String, Sendable, Hashable, Codable {
    case approved, denied
}

/// Decides tool calls that need approval.
///
/// Implementation requirements: return nil when this approver cannot answer (no terminal, no rule covers the
/// call); the loop then pauses a journaled run or fails, and never waits. May be called by several agents at once.
public protocol ToolApprover: Sendable {
    func decide(_ request: ApprovalRequest) async throws -> ApprovalDecision?
}

/// The command line's rules (`--approve`, `--approve TOOL`, `--deny-unapproved`), then an approver that asks (a
/// terminal) for what they leave open.
public struct ApprovalRules: ToolApprover {
    public var approveAll: Bool
    public var approvedTools: Set<String>
    public var denyUnapproved: Bool
    /// Asked when no rule decides; nil: nobody to ask.
    public var asking: (any ToolApprover)?

    public init(approveAll: Bool = false, approvedTools: Set<String> = [], denyUnapproved: Bool = false, asking: (any ToolApprover)? = nil) {
        self.approveAll = approveAll
        self.approvedTools = approvedTools
        self.denyUnapproved = denyUnapproved
        self.asking = asking
    }

    public func decide(_ request: ApprovalRequest) async throws -> ApprovalDecision? {
        if approveAll || approvedTools.contains(request.call.name) { return .approved }
        if denyUnapproved { return .denied }
        return try await asking?.decide(request)
    }
}

/// The run stopped to wait for approvals: recorded in the run journal, answered with `agora approve`/`agora deny`,
/// continued with `agora resume`.
public struct ApprovalPending: Error, Sendable, Hashable, CustomStringConvertible {
    public var runID: String
    public var requests: [ApprovalRequest]

    public init(runID: String, requests: [ApprovalRequest]) {
        self.runID = runID
        self.requests = requests
    }

    public var description: String {
        let asks = requests.map { "\($0.question) (call \($0.id))" }.joined(separator: "; ")
        let first = requests.first?.id ?? "CALL_ID"
        return "paused for approval: \(asks); answer with 'agora approve \(runID) \(first)' or 'agora deny \(runID) \(first)', then 'agora resume \(runID)'"
    }
}

/// A call needed approval, nobody could give it (no terminal, no rule), and the run has no journal to wait in.
public struct ApprovalUnanswered: Error, Sendable, Hashable, CustomStringConvertible {
    public var request: ApprovalRequest

    public init(request: ApprovalRequest) { self.request = request }

    public var description: String {
        "\(request.agent) needs approval to call \(request.call.name) and nobody could give it"
    }
}

extension ToolResult {
    /// What the model reads when a person said no: a refusal it can work around.
    public static func denied(_ call: ToolCall) -> ToolResult {
        ToolResult(call: call, error: "the user denied this call to \(call.name); do not ask for it again, answer without it")
    }
}
