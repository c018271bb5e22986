import AgoraCore
import Testing
@testable import AgoraEconomy

@Suite struct LedgerTests {
    @Test func conservesMoneyOverARandomRunOfTransfers() throws {
        let ledger = Ledger(runID: "test")
        let names = (1...8).map { "agent:a\($0)" }
        for (index, name) in names.enumerated() { try ledger.open(name, balance: Credits(micro: Int64(index) * 1_234_567)) }
        let opening = ledger.total
        var generator = SplitMix64(seed: 7)
        var refused = 0
        for step in 0..<5_000 {
            let from = names[Int(generator.next() % 8)]
            let to = names[Int(generator.next() % 8)]
            let amount = Credits(micro: Int64(generator.next() % 3_000_000) + 1)
            do {
                try ledger.transfer(from: from, to: to, amount: amount, path: "root/step-\(step)", reason: "random")
            } catch let error as LedgerError {
                switch error {
                case .insufficientFunds, .sameAccount: refused += 1
                default: throw error
                }
            }
            #expect(ledger.total == opening)
        }
        #expect(refused > 0)
        #expect(ledger.accounts.allSatisfy { $0.closing >= .zero })
        #expect(ledger.accounts.map(\.closing).sum() == ledger.accounts.map(\.opening).sum())
        #expect(ledger.entries.allSatisfy { $0.runID == "test" && $0.path.hasPrefix("root/") && $0.reason == "random" })
    }

    @Test func refusesToOverdrawAndChangesNothing() throws {
        let ledger = Ledger(runID: "r")
        try ledger.open("buyer", balance: Credits(1))
        try ledger.open("seller", balance: .zero)
        #expect(throws: LedgerError.insufficientFunds(account: "buyer", balance: Credits(1), amount: Credits(1.000001))) {
            try ledger.transfer(from: "buyer", to: "seller", amount: Credits(1.000001), path: "root", reason: "too much")
        }
        #expect(try ledger.balance("buyer") == Credits(1))
        #expect(try ledger.balance("seller") == .zero)
        #expect(ledger.entries.isEmpty)
        try ledger.transfer(from: "buyer", to: "seller", amount: Credits(1), path: "root", reason: "all of it")
        #expect(try ledger.balance("buyer") == .zero)
        #expect(throws: LedgerError.nonPositiveAmount(.zero)) {
            try ledger.transfer(from: "seller", to: "buyer", amount: .zero, path: "root", reason: "nothing")
        }
        #expect(throws: LedgerError.unknownAccount("nobody")) {
            try ledger.transfer(from: "seller", to: "nobody", amount: Credits(0.5), path: "root", reason: "lost")
        }
        #expect(throws: LedgerError.duplicateAccount("buyer")) { try ledger.open("buyer", balance: .zero) }
    }

    @Test func creditsAreExactDecimals() {
        #expect(Credits(0.1) + Credits(0.2) == Credits(0.3))
        #expect(Credits(1.25).description == "1.250000")
        #expect(Credits(micro: -5).description == "-0.000005")
        #expect((0..<10).map { _ in Credits(0.1) }.sum() == Credits(1))
    }
}
