import AgoraCore
import ServiceLifecycle

/// One of Agora's long-running parts (a `ToolPool`, a `CurlEngine`, a `SimulatedAccelerator`) as a
/// swift-service-lifecycle `Service`: a graceful shutdown of its group, or a cancellation, stops it.
///
/// ```swift
/// let pool = ToolPool(threads: 4)
/// let group = ServiceGroup(services: [ManagedService(pool), ManagedService(CurlEngine())], logger: logger)
/// try await group.run()   // until SIGTERM, or group.triggerGracefulShutdown()
/// ```
public struct ManagedService: Service {
    public let base: any RunnableService

    public init(_ base: any RunnableService) {
        self.base = base
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await base.run()
        } onGracefulShutdown: {
            base.shutdown()
        }
    }
}
