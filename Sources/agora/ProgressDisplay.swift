import AgoraRuntime
import Foundation

/// Shows `agents done/total` on stderr while a swarm runs, only when stderr is a terminal, so that progress
/// never mixes into stdout or into logs.
struct ProgressDisplay: Sendable {
    let swarm: Swarm
    let total: Int

    /// Redraws every 100 ms until cancelled, then clears the line.
    func run() async {
        guard isatty(STDERR_FILENO) == 1 else { return }
        while !Task.isCancelled {
            let done = swarm.stats.finishedAgents
            FileHandle.standardError.write(Data("\ragents \(done)/\(max(total, done))".utf8))
            try? await Task.sleep(for: .milliseconds(100))
        }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
