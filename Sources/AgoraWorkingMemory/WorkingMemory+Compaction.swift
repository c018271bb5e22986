import Foundation
import AgoraCore
import AgoraLocal

extension WorkingMemory {
    /// Pinned steps and the rest grouped into units, each unit a run of step indices.
    private func partition() -> (pinned: [Int], units: [[Int]]) {
        var pinned: [Int] = []
        var units: [[Int]] = []
        var pinnedInput = !pinFirstInput
        for (index, step) in steps.enumerated() {
            if case .instructions = step {
                pinned.append(index)
            } else if case .input = step, !pinnedInput {
                pinned.append(index)
                pinnedInput = true
            } else if step.continuesTurn, !units.isEmpty {
                units[units.count - 1].append(index)
            } else {
                units.append([index])
            }
        }
        return (pinned, units)
    }

    private func tokens(_ indices: [Int]) -> Int {
        counter.estimate(indices.map { steps[$0] }.renderedMessages(style: toolMessages))
    }

    /// Replaces older units by one summary step so that the rest fits in `compactionTarget` of the limit.
    mutating func compact(limit: Int, summarizer: (any ModelBackend)?) async throws {
        let (pinned, units) = partition()
        let target = Int(Double(limit) * compactionTarget)
        let summaryAllowance = max(16, Int(Double(limit) * summaryShare))
        var used = tokens(pinned) + summaryAllowance
        var firstKept = units.count
        while firstKept > 0 {
            let unitTokens = tokens(units[firstKept - 1])
            let mustKeep = units.count - firstKept < keepLatest
            guard mustKeep || used + unitTokens <= target else { break }
            used += unitTokens
            firstKept -= 1
        }
        let older = units[..<firstKept].flatMap { $0 }
        guard !older.isEmpty else { return }
        let olderSteps = older.map { steps[$0] }
        let replaced = olderSteps.reduce(0) { total, step in
            if case .summary(_, let count) = step { return total + count }
            return total + 1
        }
        var summary: String?
        if let summarizer {
            summary = try await summarize(olderSteps, with: summarizer, allowance: summaryAllowance, limit: limit)
        }
        if summary == nil {
            // The trim rule: drop the older units, keep an earlier summary if there was one, and say what was dropped.
            let earlier = olderSteps.compactMap { step -> String? in
                if case .summary(let text, _) = step { return text }
                return nil
            }
            let dropped = olderSteps.filter { if case .summary = $0 { false } else { true } }.count
            summary = (earlier + ["[\(dropped) earlier steps were dropped to fit the context budget]"]).joined(separator: "\n")
        } else {
            summarizedCompactions += 1
        }
        let text = Self.cut(summary ?? "", toCharacters: counter.characters(forTokens: summaryAllowance))
        var compacted = pinned.map { steps[$0] }
        compacted.append(.summary(text, replacedSteps: replaced))
        compacted += units[firstKept...].flatMap { $0 }.map { steps[$0] }
        steps = compacted
        compactions += 1
    }

    /// Asks the back end to condense `older`; nil if it fails or answers nothing.
    private func summarize(_ older: [WorkingMemoryStep], with backend: any ModelBackend, allowance: Int, limit: Int) async throws -> String? {
        let instruction = Message.system(
            "Summarise these earlier steps of an agent's work for the agent itself. Keep facts, decisions, results, "
                + "names and numbers; drop chatter. Write at most \(allowance * 3 / 4) words.")
        // The request must fit too: keep the newest part of the transcript if all of it does not.
        let room = limit - counter.estimate([instruction]) - 2 * counter.tokensPerMessage
        var transcript = older.map(\.transcriptLine).joined(separator: "\n")
        let maxCharacters = counter.characters(forTokens: room)
        if transcript.count > maxCharacters {
            transcript = "[…]" + String(transcript.suffix(max(0, maxCharacters - 3)))
        }
        let request = ModelRequest(
            messages: [instruction, .user(transcript)], maxOutputTokens: allowance,
            hints: .summarization(SummarizationHint(targetWords: max(8, allowance * 3 / 4)))
        )
        do {
            let response = try await backend.complete(request)
            let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return nil
        }
    }

    /// Cuts the longest non-instruction texts until the prompt fits `limit`.
    mutating func shrink(limit: Int) throws {
        let instructionsOnly = steps.filter { if case .instructions = $0 { true } else { false } }
        let floor = counter.estimate(instructionsOnly.renderedMessages(style: toolMessages))
        guard floor <= limit else { throw WorkingMemoryError.instructionsExceedBudget(tokens: floor, budget: limit) }
        var guardCount = 0
        while guardCount < 4 * steps.count + 8 {
            let excess = counter.estimate(render()) - limit
            guard excess > 0 else { break }
            guardCount += 1
            guard let (index, length) = longestText() else { break }
            let keep = max(0, length - counter.characters(forTokens: excess) - 32)
            steps[index] = steps[index].withText { Self.cut($0, toCharacters: keep) }
            if keep == 0 && length == 0 { break }
        }
        // Texts are all empty and it still does not fit: too many steps. Drop the oldest unpinned ones.
        while counter.estimate(render()) > limit, let index = steps.firstIndex(where: { step in
            if case .instructions = step { return false }
            return true
        }) {
            steps.remove(at: index)
        }
    }

    private func longestText() -> (Int, Int)? {
        var best: (Int, Int)?
        for (index, step) in steps.enumerated() {
            if case .instructions = step { continue }
            let length = step.text.count
            if length > 0, length > (best?.1 ?? 0) { best = (index, length) }
        }
        return best
    }

    /// Keeps the head and the tail of `text`, marking the cut.
    static func cut(_ text: String, toCharacters limit: Int) -> String {
        guard text.count > limit else { return text }
        let marker = " […] "
        guard limit > marker.count + 2 else { return String(text.prefix(max(0, limit))) }
        let head = (limit - marker.count) * 2 / 3
        let tail = limit - marker.count - head
        return String(text.prefix(head)) + marker + String(text.suffix(tail))
    }
}

extension WorkingMemoryStep {
    /// The free text of the step (what cutting shortens).
    var text: String {
        switch self {
        case .instructions(let text), .input(let text), .note(let text): text
        case .modelTurn(let text, _): text
        case .toolCall(let call): call.arguments
        case .toolResult(_, _, let output): output
        case .summary(let text, _): text
        }
    }

    func withText(_ transform: (String) -> String) -> WorkingMemoryStep {
        switch self {
        case .instructions(let text): .instructions(transform(text))
        case .input(let text): .input(transform(text))
        case .note(let text): .note(transform(text))
        case .modelTurn(let text, let calls): .modelTurn(text: transform(text), toolCalls: calls)
        case .toolCall(var call):
            { call.arguments = transform(call.arguments); return .toolCall(call) }()
        case .toolResult(let id, let name, let output): .toolResult(callID: id, name: name, output: transform(output))
        case .summary(let text, let count): .summary(transform(text), replacedSteps: count)
        }
    }
}
