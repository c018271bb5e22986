import AgoraCore
import Synchronization

/// Double-entry book of credits for one run: accounts for agents, workers, back ends (the sellers of tokens) and
/// the market's escrow, and transfers between them.
///
/// Money is only created when an account is opened (its opening balance); afterwards every entry moves an amount
/// from one account to another, so the sum of all balances never changes. A transfer that would overdraw its
/// source fails with `LedgerError.insufficientFunds` and changes nothing: no balance is ever negative.
///
/// ```swift
/// let ledger = Ledger(runID: "r1")
/// try ledger.open("agent:root/map", balance: Credits(100))
/// try ledger.open("worker:premium", balance: .zero)
/// try ledger.transfer(from: "agent:root/map", to: "worker:premium", amount: Credits(1.5),
///                     path: "root/map/segment-1", reason: "award segment-1")
/// ```
public final class Ledger: Sendable {
    public let runID: String
    private let state = Mutex(State())

    private struct State {
        var accounts: [String: (opening: Credits, balance: Credits)] = [:]
        var order: [String] = []
        var entries: [LedgerEntry] = []
    }

    public init(runID: String) {
        self.runID = runID
    }

    /// Opens `account` with `balance` credits: the only way money enters the ledger.
    public func open(_ account: String, balance: Credits) throws {
        guard balance >= .zero else { throw LedgerError.negativeOpening(account: account, amount: balance) }
        try state.withLock { state in
            guard state.accounts[account] == nil else { throw LedgerError.duplicateAccount(account) }
            state.accounts[account] = (balance, balance)
            state.order.append(account)
        }
    }

    /// Moves `amount` from one account to the other, or throws and moves nothing.
    @discardableResult
    public func transfer(from source: String, to destination: String, amount: Credits, path: String, reason: String) throws -> LedgerEntry {
        guard amount > .zero else { throw LedgerError.nonPositiveAmount(amount) }
        guard source != destination else { throw LedgerError.sameAccount(source) }
        return try state.withLock { state in
            guard let from = state.accounts[source] else { throw LedgerError.unknownAccount(source) }
            guard state.accounts[destination] != nil else { throw LedgerError.unknownAccount(destination) }
            guard from.balance >= amount else {
                throw LedgerError.insufficientFunds(account: source, balance: from.balance, amount: amount)
            }
            state.accounts[source]!.balance = from.balance - amount
            state.accounts[destination]!.balance = state.accounts[destination]!.balance + amount
            let entry = LedgerEntry(
                sequence: state.entries.count + 1, runID: runID, path: path, from: source, to: destination,
                amount: amount, reason: reason)
            state.entries.append(entry)
            return entry
        }
    }

    public func balance(_ account: String) throws -> Credits {
        try state.withLock { state in
            guard let account = state.accounts[account] else { throw LedgerError.unknownAccount(account) }
            return account.balance
        }
    }

    /// Every account in the order opened, with its opening and current balance.
    public var accounts: [LedgerAccount] {
        state.withLock { state in
            state.order.map { LedgerAccount(name: $0, opening: state.accounts[$0]!.opening, closing: state.accounts[$0]!.balance) }
        }
    }

    /// Every transfer, in the order made.
    public var entries: [LedgerEntry] { state.withLock { $0.entries } }

    /// The sum of all balances: equal to the sum of opening balances at every moment.
    public var total: Credits { state.withLock { $0.accounts.values.map(\.balance).sum() } }
}

/// One transfer: who paid whom, how much, and why, with the run and agent it belongs to.
public struct LedgerEntry: Sendable, Hashable, Codable {
    public var sequence: Int
    public var runID: String
    /// The agent the transfer is for (`root/map/segment-3-r1-premium`).
    public var path: String
    public var from: String
    public var to: String
    public var amount: Credits
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case sequence, path, from, to, amount, reason
        case runID = "run_id"
    }
}

/// An account's balance when opened and now.
public struct LedgerAccount: Sendable, Hashable, Codable {
    public var name: String
    public var opening: Credits
    public var closing: Credits
}

public enum LedgerError: Error, Sendable, Hashable, CustomStringConvertible {
    case insufficientFunds(account: String, balance: Credits, amount: Credits)
    case unknownAccount(String)
    case duplicateAccount(String)
    case nonPositiveAmount(Credits)
    case negativeOpening(account: String, amount: Credits)
    case sameAccount(String)

    public var description: String {
        switch self {
        case .insufficientFunds(let account, let balance, let amount):
            "account \(account) has \(balance) credits, cannot pay \(amount)"
        case .unknownAccount(let name): "no account named \(name)"
        case .duplicateAccount(let name): "account \(name) is already open"
        case .nonPositiveAmount(let amount): "a transfer must move a positive amount (got \(amount))"
        case .negativeOpening(let account, let amount): "account \(account) cannot open with \(amount) credits"
        case .sameAccount(let name): "account \(name) cannot pay itself"
        }
    }
}
