import AgoraAgents
import AgoraCore
import AgoraDefinitions
import AgoraMemory
import AgoraRuntime
import AgoraTools
import ArgumentParser
import Foundation

/// `agora ask "question" --agent NAME`: runs one LLM-driven agent with its tools (and whatever it delegates to).
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Ask one LLM-driven agent a question; it may call its tools and delegate to other agents.",
        discussion: """
            The agent and those it delegates to come from the agents folder; every agent uses the --model given here.             Stops at an answer, max turns, an exhausted --budget or a repeated tool call; a partial answer says why.             A call of a tool that needs approval (an agent file's needs_approval:, or the tool's own manifest) is asked             on the terminal, or decided by --approve / --deny-unapproved; with --run-id and nobody to ask, the run             pauses (exit status 75) until 'agora approve RUN_ID CALL_ID' or 'agora deny ...', then 'agora resume RUN_ID'             goes on without repeating what finished.
            """
    )

    @Argument(help: "The question or task.") var question: String
    @Option(help: "The agent to ask (an agent file's name).") var agent: String
    @Option(help: ArgumentHelp("The folder of agent files.", valueName: "folder")) var agents: String = "Agents"
    @OptionGroup var tools: ToolOptions
    @OptionGroup var backendOptions: BackendOptions
    @OptionGroup var toolCalls: ToolCallOptions
    @Option(help: "Record the run's steps in the workspace's run journal under this id: a paused or stopped run goes on with `agora resume ID`.") var runID: String?
    @Option(help: "Credits the whole run may spend (the back end's price per 1k tokens).") var budget: Double?
    @Option(name: .customLong("max-turns"), help: "Model calls per agent when its definition has no max_turns.") var maxTurns: Int = 8
    @Option(name: .customLong("max-depth"), help: "How deep delegation may go.") var maxDepth: Int = 4
    @Option(name: .customLong("max-agents"), help: "Agents the run may start in total.") var maxAgents: Int = 32
    @Option(name: .customLong("context-tokens"), help: "Tokens of working memory each agent sends per request.") var contextTokens: Int = 8_000
    // Bounded by default: a small model that falls into repeating itself would otherwise write until the
    // server's context is full, and the next turn could not be asked at all.
    @Option(name: .customLong("max-output-tokens"), help: "Tokens each model reply may have.") var maxOutputTokens: Int = 512
    @Flag(help: "Print each step (model turns, tool calls and results) on stderr.") var verbose = false
    @OptionGroup var traceOptions: TraceOptions

    func validate() throws {
        if maxOutputTokens < 1 { throw ValidationError("--max-output-tokens must be at least 1 (got \(maxOutputTokens))") }
        // An agent loop chats; the in-process back ends only summarise, so say it before any tool starts.
        guard backendOptions.isLanguageModel else {
            throw ValidationError("--model: ask needs a language model (\(backendOptions.chosenID) only summarises); pass --model openai:NAME --base-url URL")
        }
    }

    func run() async throws {
        let setup = try await tools.start()
        let known = setup.toolbox.allowed
        let vocabulary = ModelProviders.vocabulary(tools: known + Self.serverPatterns(known))
        let library: AgentLibrary
        do {
            library = try AgentLibrary.load(folder: agents, vocabulary: vocabulary)
        } catch let failure as DefinitionErrors {
            await setup.shutdown()
            throw DefinitionFailure(failure)
        }
        // Every agent of this run uses the back end chosen on the command line.
        let definitions = library.agents.mapValues { agent -> AgentDefinition in
            var agent = agent
            agent.backend = nil
            return agent
        }
        guard let definition = definitions[agent] else {
            await setup.shutdown()
            throw CLIError("no agent named '\(agent)' in \(agents); agents: \(library.agents.keys.sorted().joined(separator: ", "))")
        }
        do {
            try toolCalls.checkApproved(against: known)
        } catch {
            await setup.shutdown()
            throw error
        }
        var observer: (@Sendable (AgentLoopStep) -> Void)?
        if verbose {
            observer = { step in FileHandle.standardError.write(Data("\(TerminalText.escaped("\(step)", keepingLines: true))\n".utf8)) }
        }
        let options = AgentLoopOptions(
            contextBudget: contextTokens, defaultMaxTurns: maxTurns, maxOutputTokens: maxOutputTokens, agents: definitions, toolCalls: toolCalls.toolCallMode,
            approver: toolCalls.approver(), observer: observer
        )
        let loop = AgentLoop(definition: definition, tools: setup.toolbox.restricted(to: definition.tools), options: options)
        let session: SwarmSession
        do {
            session = try await SwarmSession.open(trace: traceOptions, runID: runID, workspace: tools.workspace, command: "ask")
        } catch {
            await setup.shutdown()
            throw error
        }
        let swarm = session.swarm(backends: [try backendOptions.makeBackend()], limits: SwarmLimits(maxDepth: maxDepth, maxTotalAgents: maxAgents))
        let question = self.question
        let result: AgentLoopResult
        do {
            result = try await swarm.run(agent, definition: definition, budget: budget.map { Budget(credits: Credits($0)) }) { context in
                try await loop.run(task: question, context: context)
            }
        } catch {
            await setup.shutdown()
            let cause = (error as? AgentFailure)?.underlying ?? error
            if let pending = cause as? ApprovalPending {
                await session.abandon("paused")
                throw CommandPaused(message: pending.description + (tools.workspace == SQLiteWorkspace.defaultFolder ? "" : " (with --workspace \(tools.workspace))"))
            }
            await session.abandon("failed")
            if let unanswered = cause as? ApprovalUnanswered {
                let tool = unanswered.request.call.name
                throw CLIError("\(unanswered); without a terminal, pass --approve \(tool) (or --approve for every tool), --deny-unapproved, or --run-id ID to pause and answer later")
            }
            throw CLIError("\(error)")
        }
        await setup.shutdown()
        // The answer first: a trace or journal that cannot be closed is reported after it, not instead of it.
        print(result.report)
        try await session.finish("succeeded")
        if verbose {
            let usage = swarm.usage
            FileHandle.standardError.write(Data("agents \(usage.agents), model calls \(usage.modelCalls), tool calls \(usage.toolCalls), tokens \(usage.tokens.inputTokens) in / \(usage.tokens.outputTokens) out, credits \(String(format: "%.4f", usage.credits.value))\n".utf8))
        }
    }

    /// `server.*` for each MCP server, so that an agent file can grant all of a server's tools at once.
    static func serverPatterns(_ names: [String]) -> [String] {
        Set(names.compactMap { name in name.firstIndex(of: ".").map { String(name[..<$0]) + ".*" } }).sorted()
    }
}
