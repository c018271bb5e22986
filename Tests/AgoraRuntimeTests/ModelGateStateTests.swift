import Testing
@testable import AgoraRuntime

/// Steps the gate's state machine by hand: no tasks, no clocks, every figure exact.
@Suite struct ModelGateStateTests {
    /// Fills every slot, then queues `ids` with their priorities, in that order.
    func fullGate(slots: Int, policy: ModelGate.Policy = .fifo, queueing waiters: [(UInt64, Int)]) -> ModelGateState {
        var state = ModelGateState(slots: slots, policy: policy)
        for _ in 0..<slots { #expect(state.acquire() == .admitted) }
        #expect(state.acquire() == .mustWait)
        for (id, priority) in waiters { #expect(state.acquire(queueing: (id, priority)) == .enqueued) }
        return state
    }

    /// Releases slots until one comes back free and returns who got them, in order.
    func drain(_ state: inout ModelGateState) -> [UInt64] {
        var order: [UInt64] = []
        while case .resume(let id) = state.release(busy: .zero) { order.append(id) }
        return order
    }

    @Test func freeSlotsAdmitAtOnceAndAFullGateTellsTheCallerToWait() {
        var state = ModelGateState(slots: 2)
        #expect(state.acquire() == .admitted)
        #expect(state.acquire(queueing: (7, 0)) == .admitted, "a free slot is taken even by a caller ready to wait")
        #expect(state.acquire() == .mustWait)
        #expect(state.queued == 0, "asking without a waiter queues nothing")
        #expect(state.inFlight == 2 && state.calls == 2)
    }

    @Test func fifoHandsSlotsOutInArrivalOrder() {
        var state = fullGate(slots: 1, queueing: [(1, 0), (2, 5), (3, 1), (4, 9)])
        #expect(drain(&state) == [1, 2, 3, 4], "FIFO ignores priority")
        #expect(state.inFlight == 0, "the release after the last waiter freed the slot")
    }

    @Test func subtreeFirstTakesTheDeepestFirstAndArrivalOrderAmongEquals() {
        var state = fullGate(slots: 1, policy: .subtreeFirst, queueing: [(1, 0), (2, 2), (3, 1), (4, 2), (5, 0), (6, 1)])
        #expect(drain(&state) == [2, 4, 3, 6, 1, 5])
    }

    @Test func changingThePolicyReordersTheWaitersAlreadyQueued() {
        var state = fullGate(slots: 1, queueing: [(1, 0), (2, 3), (3, 1)])
        state.policy = .subtreeFirst
        #expect(drain(&state) == [2, 3, 1])
    }

    @Test func aCancelledWaiterInTheMiddleLeavesAndTheOthersKeepTheirOrder() {
        var state = fullGate(slots: 1, queueing: [(1, 0), (2, 0), (3, 0), (4, 0)])
        #expect(state.cancel(3) == .fail(3))
        #expect(state.queued == 3)
        #expect(state.cancel(3) == .none, "a second cancel finds nothing")
        #expect(state.cancel(99) == .none, "nor does a cancel of a waiter never queued")
        #expect(drain(&state) == [1, 2, 4])
        #expect(state.cancel(1) == .none, "an admitted waiter is no longer cancellable here")
    }

    @Test func manyCancellationsLeaveTheQueueInOrder() {
        var state = fullGate(slots: 1, policy: .subtreeFirst, queueing: (0..<1_000).map { (UInt64($0), $0 % 3) })
        for id in 0..<1_000 where id % 10 != 0 { #expect(state.cancel(UInt64(id)) == .fail(UInt64(id))) }
        #expect(state.queued == 100)
        let survivors = (0..<1_000).filter { $0 % 10 == 0 }
        let expected = [2, 1, 0].flatMap { priority in survivors.filter { $0 % 3 == priority } }.map(UInt64.init)
        #expect(drain(&state) == expected)
    }

    @Test func releaseHandsTheSlotStraightToTheNextWaiter() {
        var state = fullGate(slots: 2, queueing: [(1, 0)])
        #expect(state.release(busy: .seconds(1)) == .resume(1))
        #expect(state.inFlight == 2, "the slot never became free")
        #expect(state.acquire() == .mustWait, "so a newcomer cannot take it")
        #expect(state.calls == 3)
        #expect(state.release(busy: .zero) == .freed)
        #expect(state.inFlight == 1)
    }

    @Test func peakQueuedIsTheLongestTheQueueEverWas() {
        var state = fullGate(slots: 1, queueing: [(1, 0), (2, 0), (3, 0)])
        _ = state.cancel(2)
        _ = state.release(busy: .zero)
        #expect(state.acquire(queueing: (4, 0)) == .enqueued)
        #expect(state.queued == 2)
        #expect(state.peakQueued == 3)
    }

    @Test func busyBooksSumEveryHoldAndBackoffIsItsOwnFigure() {
        var state = ModelGateState(slots: 2)
        _ = state.acquire()
        _ = state.acquire()
        _ = state.release(busy: .milliseconds(1_500))
        state.backedOff(for: .seconds(2))
        #expect(state.acquire(afterBackoff: true) == .admitted)
        _ = state.release(busy: .milliseconds(250))
        _ = state.release(busy: .milliseconds(750))
        #expect(state.busy == .milliseconds(2_500))
        #expect(state.backoff == .seconds(2))
        #expect(state.backoffs == 1)
        #expect(state.calls == 2, "coming back from a backoff is not a new call")
    }

    @Test func aWaiterComingBackFromABackoffIsNotCountedAgainWhenHandedASlot() {
        var state = fullGate(slots: 1, queueing: [])
        #expect(state.acquire(afterBackoff: true, queueing: (1, 0)) == .enqueued)
        #expect(state.acquire(queueing: (2, 0)) == .enqueued)
        #expect(drain(&state) == [1, 2])
        #expect(state.calls == 2)
    }
}
