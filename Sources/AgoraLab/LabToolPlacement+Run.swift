import AgoraRuntime

extension LabToolPlacement {
    /// Runs a blocking tool body where this placement puts it: on the swarm's dedicated tool threads (the agent
    /// suspends) or right inside the agent's task (it holds a cooperative thread, which is what the lab measures).
    public func run(_ body: @escaping @Sendable () -> Void, in context: AgentContext) async throws {
        switch self {
        case .dedicated: try await context.runTool("lab-tool") { _ in body() }
        case .cooperative: body()
        }
    }
}
