import AgoraCore
import AgoraHTTP
import AgoraLab
import AgoraRuntime
import AgoraServices
import Logging
import ServiceLifecycle
import Testing

/// The pool, the curl engine and the simulated accelerator under a real `ServiceGroup`: they serve while the group
/// runs, and a graceful shutdown or a cancellation stops each (work after it fails instead of hanging).
@Suite struct ManagedServiceTests {
    let logger = Logger(label: "agora.tests")

    @Test func aGracefulShutdownStopsThePoolTheEngineAndTheAccelerator() async throws {
        let pool = ToolPool(threads: 1)
        let engine = CurlEngine(name: "agora.test-service")
        let accelerator = SimulatedAccelerator()
        let group = ServiceGroup(services: [ManagedService(pool), ManagedService(engine), ManagedService(accelerator)], logger: logger)
        let running = Task { try await group.run() }
        // Serving while the group runs.
        #expect(try await pool.run { _ in 21 * 2 } == 42)
        _ = try await accelerator.complete(ModelRequest(messages: [.user("hello")], maxOutputTokens: 2))

        await group.triggerGracefulShutdown()
        try await running.value
        await #expect(throws: ToolPoolError.shutDown) { try await pool.run { _ in 1 } }
        await #expect(throws: (any Error).self) { try await accelerator.complete(ModelRequest(messages: [.user("late")])) }
        await #expect(throws: (any Error).self) { try await engine.send(HTTPRequest(url: "http://127.0.0.1:9/")) }
    }

    /// Without a service group: `run()` lasts until the task running it is cancelled, and that shuts the pool down.
    @Test func cancellingRunShutsThePoolDown() async throws {
        let pool = ToolPool(threads: 1)
        let running = Task { try await pool.run() }
        #expect(try await pool.run { _ in "still serving" } == "still serving")
        running.cancel()
        try await running.value
        await #expect(throws: ToolPoolError.shutDown) { try await pool.run { _ in 1 } }
    }

    /// A shutdown from outside ends `run()` too, and a second shutdown is harmless.
    @Test func shuttingDownEndsRun() async throws {
        let accelerator = SimulatedAccelerator()
        let running = Task { try await accelerator.run() }
        accelerator.shutdown()
        try await running.value
        accelerator.shutdown()
        let signal = StopSignal()
        #expect(!signal.isFired)
        signal.fire()
        signal.fire()
        await signal.wait()
        #expect(signal.isFired)
    }
}
