import AgoraCore

/// The tools an agent may call: a catalog of every tool the run knows, and the names this agent was given.
///
/// ```swift
/// let catalog = ToolBox(tools: [WordCountTool(), NowTool()])
/// let agentTools = catalog.restricted(to: ["word_count"])   // capabilities only shrink
/// let result = await agentTools.invoke(call, invocation: invocation)
/// ```
///
/// `invoke` (in AgoraAgents: it runs the call through an agent's context) never throws for a bad call (unknown
/// tool, denied tool, bad JSON, schema violation, a failing tool): it returns a `ToolResult` whose text starts with
/// `error:` for the model to read. Only cancellation propagates.
public struct ToolBox: Sendable {
    /// Every tool known to the run, by name.
    public let catalog: [String: any Tool]
    /// The names this agent may call, sorted.
    public let allowed: [String]

    /// A tool box allowing every tool of `tools`.
    public init(tools: [any Tool]) {
        var catalog: [String: any Tool] = [:]
        for tool in tools where catalog[tool.spec.name] == nil { catalog[tool.spec.name] = tool }
        self.catalog = catalog
        self.allowed = catalog.keys.sorted()
    }

    private init(catalog: [String: any Tool], allowed: [String]) {
        self.catalog = catalog
        self.allowed = allowed
    }

    /// The tools named in `names` that this box allows: never more than it has. A name ending in `.*` (`files.*`)
    /// stands for every tool with that prefix (the tools of one MCP server).
    public func restricted(to names: [String]) -> ToolBox {
        let current = Set(allowed)
        var kept = Set<String>()
        for name in names {
            if name.hasSuffix(".*") {
                let prefix = String(name.dropLast())
                kept.formUnion(current.filter { $0.hasPrefix(prefix) })
            } else if current.contains(name) {
                kept.insert(name)
            }
        }
        return ToolBox(catalog: catalog, allowed: kept.sorted())
    }

    /// Adds tools to the catalog (and allows them).
    public func adding(_ tools: [any Tool]) -> ToolBox {
        var catalog = self.catalog
        var allowed = Set(self.allowed)
        for tool in tools {
            catalog[tool.spec.name] = tool
            allowed.insert(tool.spec.name)
        }
        return ToolBox(catalog: catalog, allowed: allowed.sorted())
    }

    /// What the model is told about the allowed tools.
    public var specs: [ToolSpec] { allowed.compactMap { catalog[$0]?.spec } }

    public func tool(named name: String) -> (any Tool)? { allowed.contains(name) ? catalog[name] : nil }

    /// Checks a call and its arguments without running it: the tool, and the parsed arguments.
    public func prepare(_ call: ToolCall, agent: String) throws -> (any Tool, JSONValue) {
        guard let tool = tool(named: call.name) else {
            if catalog[call.name] != nil { throw ToolError.notPermitted(name: call.name, agent: agent, available: allowed) }
            throw ToolError.unknownTool(name: call.name, available: allowed)
        }
        let arguments = try JSONValue.parse(call.arguments)
        let problems = JSONSchema.violations(of: arguments, against: tool.spec.inputSchema)
        if !problems.isEmpty { throw ToolError.invalidArguments(tool: call.name, problems: problems) }
        return (tool, arguments)
    }
}
