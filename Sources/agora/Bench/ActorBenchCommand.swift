import AgoraCore
import AgoraRuntime
import ArgumentParser
import Foundation

/// `agora bench actor`: what a round trip to an agent costs: an actor call, an agent spawned to answer, and
/// the same through an AsyncStream mailbox, in nanoseconds per message.
struct ActorBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actor",
        abstract: "Round-trip message cost to an agent: actor call, spawned child agent, and mailbox stream."
    )

    @Option(help: "Messages per case.") var messages = 1_000_000
    @Flag(help: "One JSON object a line instead of a table.") var json = false

    actor Counter {
        var total = 0
        func handle(_ value: Int) -> Int {
            total &+= value
            return total
        }
    }

    func validate() throws {
        if messages < 1_000 { throw ValidationError("--messages must be at least 1000") }
    }

    func run() async throws {
        var table = TextTable("case", "messages", "ns/message")
        func report(_ name: String, _ count: Int, _ duration: Duration) {
            let nanoseconds = Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
            let per = nanoseconds / Double(count)
            if json {
                JSONLine.print(["case": name, "messages": count, "ns_per_message": (per * 10).rounded() / 10])
            } else {
                table.add(name, "\(count)", fixed(per, 1))
            }
        }
        let clock = ContinuousClock()

        let counter = Counter()
        var start = clock.now
        var sink = 0
        for index in 0..<messages { sink &+= await counter.handle(index) }
        report("actor call (await counter.handle)", messages, clock.now - start)

        let spawns = messages / 10
        let swarm = Swarm()
        start = clock.now
        let spawned = try await swarm.run { root in
            var total = 0
            for index in 0..<spawns { total &+= try await root.spawn("a") { _ in index } }
            return total
        }
        report("child agent spawned and awaited (spawn)", spawns, clock.now - start)

        let (requests, continuation) = AsyncStream<(Int, CheckedContinuation<Int, Never>)>.makeStream()
        let server = Task {
            var total = 0
            for await (value, reply) in requests {
                total &+= value
                reply.resume(returning: total)
            }
        }
        let streamed = messages / 10
        start = clock.now
        for index in 0..<streamed {
            sink &+= await withCheckedContinuation { reply in continuation.yield((index, reply)) }
        }
        report("mailbox round trip (AsyncStream + continuation)", streamed, clock.now - start)
        continuation.finish()
        await server.value

        if !json { print(table.rendered, terminator: "") }
        if sink == 42 && spawned == 42 { print("") }  // keeps the work observable
    }
}
