import Synchronization

/// What the reviews of a run's model answers found: how many answers were reviewed, how many were asked again,
/// how many nodes fell back to the extractive pick. Shared by every agent of one run.
final class AnswerTally: Sendable {
    struct Counts: Sendable, Hashable {
        var reviewed = 0
        var retried = 0
        var fellBack = 0
    }

    private let counts = Mutex(Counts())

    func record(_ change: (inout Counts) -> Void) { counts.withLock { change(&$0) } }
    var current: Counts { counts.withLock { $0 } }
}
