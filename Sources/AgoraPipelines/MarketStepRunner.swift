import AgoraCore
import AgoraDefinitions
import AgoraRuntime

/// What runs a pipeline's `market` steps: who among the workers answers the task, and how it is paid for. The
/// engine renders the task, spawns the step's agent (the buyer) and reads the answer in the step's format; the
/// runner decides the rest. The economy's auction (`MarketStepRunner.tender`) is the one the CLI registers.
public struct MarketStepRunner: Sendable {
    /// One `market` step to run, as the engine resolved it.
    public struct Call: Sendable {
        /// A worker agent and the credits it asks for the task; an agent without a price does not bid.
        public struct Worker: Sendable {
            public var agent: AgentDefinition
            public var price: Double?

            public init(agent: AgentDefinition, price: Double?) {
                self.agent = agent
                self.price = price
            }
        }

        /// The step as written: policy, budget, seed, deadline, the call.
        public var step: MarketStep
        /// The step's agent name (`market`, `market-2` in a loop's second pass).
        public var name: String
        /// Where the step is written, for reports.
        public var file: String
        public var line: Int
        /// The task: the step's prompt filled in.
        public var text: String
        /// The length asked of the answer, if any.
        public var words: Int?
        public var workers: [Worker]
        /// A back end that serves every worker instead of its own (the CLI's `--model`).
        public var backendOverride: String?
        /// What the winner does: ask its model as its agent, in the context it is given.
        public var answer: @Sendable (_ agent: AgentDefinition, _ worker: AgentContext) async throws -> String

        public init(step: MarketStep, name: String, file: String, line: Int, text: String, words: Int?, workers: [Worker],
                    backendOverride: String?, answer: @escaping @Sendable (_ agent: AgentDefinition, _ worker: AgentContext) async throws -> String) {
            self.step = step
            self.name = name
            self.file = file
            self.line = line
            self.text = text
            self.words = words
            self.workers = workers
            self.backendOverride = backendOverride
            self.answer = answer
        }
    }

    /// Runs the call with `buyer` as the buying agent (its path names its account) and returns the winner's answer.
    public var run: @Sendable (_ call: Call, _ buyer: AgentContext) async throws -> String

    public init(run: @escaping @Sendable (_ call: Call, _ buyer: AgentContext) async throws -> String) {
        self.run = run
    }
}
