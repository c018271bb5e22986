import AgoraCore
import AgoraDefinitions
import AgoraPipelines
import AgoraRuntime
import AgoraTestKit
import Testing

/// An agent's `timeout` holds in pipeline steps: the runtime enforces it on the agent the step spawns.
@Suite struct TimeoutTests {
    @Test func anAgentPastItsTimeoutFailsTheStepWithItsPath() async throws {
        let library = ["slow": AgentDefinition(name: "slow", instructions: "Think.", backend: "test", timeout: .milliseconds(100))]
        let model = ScriptedBackend(respond: { _ in
            try await Task.sleep(for: .seconds(300))
            return ModelResponse(text: "too late")
        })
        let pipeline = try PipelineFile.parse("inputs: [a]\nsteps:\n  - agent: slow\n    id: think\n    input: a\n    output: b\n",
                                              file: "t.yaml", library: AgentLibrary(agents: library))
        let clock = ContinuousClock()
        let start = clock.now
        await #expect {
            _ = try await PipelineRunner(pipeline: pipeline, library: library).runAll(inputs: ["a": .text("hi")], in: Swarm(backends: [model]))
        } throws: { error in
            "\(error)".contains("root/think") && "\(error)".contains("timed out")
        }
        #expect(clock.now - start < .seconds(60))
    }
}
