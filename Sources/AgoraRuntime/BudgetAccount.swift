import AgoraCore
import Synchronization

/// The spendable remainder of a budget, shared by an agent and the children it did not give a budget of their own.
///
/// Model calls reserve their worst case before they start (estimated input, plus `maxOutputTokens`) and settle
/// the actual cost after, so concurrent calls cannot overspend together. A child granted a budget takes it
/// out of its parent's account and gives back what it did not spend when it finishes.
final class BudgetAccount: Sendable {
    private let remaining: Mutex<(credits: Credits?, tokens: Int?)>

    init(_ budget: Budget) {
        remaining = Mutex((budget.credits, budget.tokens))
    }

    var snapshot: Budget {
        remaining.withLock { Budget(credits: $0.credits, tokens: $0.tokens) }
    }

    /// Takes `amount` if all of it is there; otherwise takes nothing and returns false.
    func reserve(_ amount: Budget) -> Bool {
        remaining.withLock { remaining in
            if let limit = remaining.credits, let want = amount.credits, want > limit { return false }
            if let limit = remaining.tokens, let want = amount.tokens, want > limit { return false }
            if let want = amount.credits, remaining.credits != nil { remaining.credits! -= want }
            if let want = amount.tokens, remaining.tokens != nil { remaining.tokens! -= want }
            return true
        }
    }

    /// Gives back `reserved` and takes `actual` instead.
    func settle(reserved: Budget, actual: Budget) {
        remaining.withLock { remaining in
            if remaining.credits != nil { remaining.credits! += (reserved.credits ?? .zero) - (actual.credits ?? .zero) }
            if remaining.tokens != nil { remaining.tokens! += (reserved.tokens ?? 0) - (actual.tokens ?? 0) }
        }
    }

    /// Returns `amount` to the account (a child's unspent grant).
    func refund(_ amount: Budget) {
        settle(reserved: amount, actual: Budget(credits: .zero, tokens: 0))
    }
}
