import AgoraTestSupport
import Foundation
import Testing

/// `agora summarize --economy`, run as a user runs it: the built binary beside the test bundle.
@Suite struct EconomyCLITests {
    static let transcript = Repository.transcript("meeting-launch-planning.txt")

    @Test func markdownEndsWithTheLedger() async throws {
        let result = try await BuiltProduct.agora.run(["summarize", Self.transcript, "--economy", "--policy", "reputation"])
        #expect(result.status == 0, "\(result.stderr)")
        let plain = try await BuiltProduct.agora.run(["summarize", Self.transcript])
        // The digest comes first, then the market's section.
        let ledger = try #require(result.stdout.range(of: "\n## Market ledger\n"))
        #expect(result.stdout[..<ledger.lowerBound].hasPrefix("# Summary of meeting-launch-planning.txt"))
        #expect(plain.stdout.contains("## Key takeaways"))
        let section = result.stdout[ledger.upperBound...]
        for expected in ["_Policy reputation · seed 1", "| Task | Round |", "| Worker |", "| local |", "| premium |", "| Account | Opening | Closing |",
                         "all-premium plan:", "money conserved", "simulated"] {
            #expect(section.contains(expected), "missing \(expected)")
        }
    }

    @Test func jsonCarriesAccountsAndTransfersThatConserveMoney() async throws {
        let result = try await BuiltProduct.agora.run(["summarize", Self.transcript, "--economy", "--format", "json", "--policy", "random", "--seed", "5"])
        #expect(result.status == 0, "\(result.stderr)")
        struct Output: Decodable {
            struct Economy: Decodable {
                struct Account: Decodable { var name: String; var opening: Decimal; var closing: Decimal }
                struct Transfer: Decodable { var from: String; var to: String; var amount: Decimal; var reason: String }
                var policy: String
                var seed: UInt64
                var accounts: [Account]
                var transfers: [Transfer]
            }
            var tldr: [String]
            var economy: Economy
        }
        let output = try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
        #expect(!output.tldr.isEmpty)
        #expect(output.economy.policy == "random" && output.economy.seed == 5)
        let accounts = output.economy.accounts
        #expect(accounts.map(\.opening).reduce(0, +) == accounts.map(\.closing).reduce(0, +))
        #expect(accounts.allSatisfy { $0.closing >= 0 })
        // Replaying the transfers over the opening balances gives the closing ones, to the micro-credit.
        var balances = Dictionary(uniqueKeysWithValues: accounts.map { ($0.name, $0.opening) })
        for transfer in output.economy.transfers {
            #expect(transfer.amount > 0 && !transfer.reason.isEmpty)
            balances[transfer.from]! -= transfer.amount
            balances[transfer.to]! += transfer.amount
        }
        for account in accounts { #expect(balances[account.name] == account.closing, "\(account.name)") }
    }

    /// With an HTTP back end the model bids in the market too (RealModelTests runs that on a real server); a dead
    /// server fails the run in one line, with nothing on stdout.
    @Test func economyWithADeadModelServerFailsInOneLine() async throws {
        let result = try await BuiltProduct.agora.run(["summarize", Self.transcript, "--economy", "--backend", "openai", "--base-url", "http://127.0.0.1:1/v1", "--model", "m"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("127.0.0.1:1"))
    }
}
