import Foundation
import MCP

// An MCP server over stdio: what Agora's MCP client is tested against, and an example to copy. Run it under a client
// (`agora tools list --mcp Tools/mcp.example.json`); on its own it waits for JSON-RPC on stdin. `echo` and `add` are
// ordinary tools; `slow` sleeps and stops when its call is cancelled, and `activity` reports the cancellations the
// server received, so that a client's tests can check that it cancels the calls it gives up on.

let server = Server(
    name: "agora-mcp-example",
    version: "1.0.0",
    capabilities: .init(tools: .init(listChanged: false))
)

await server.withMethodHandler(ListTools.self) { _ in
    .init(tools: [
        Tool(
            name: "echo",
            description: "Returns the text it is given.",
            inputSchema: .object([
                "type": .string("object"),
                "properties": .object(["text": .object(["type": .string("string")])]),
                "required": .array([.string("text")]),
            ])
        ),
        Tool(
            name: "add",
            description: "Adds two numbers.",
            inputSchema: .object([
                "type": .string("object"),
                "properties": .object(["a": .object(["type": .string("number")]), "b": .object(["type": .string("number")])]),
                "required": .array([.string("a"), .string("b")]),
            ])
        ),
        Tool(
            name: "slow",
            description: "Sleeps for the given seconds, then says so; stops early if the call is cancelled.",
            inputSchema: .object([
                "type": .string("object"),
                "properties": .object(["seconds": .object(["type": .string("number")])]),
                "required": .array([.string("seconds")]),
            ])
        ),
        Tool(
            name: "activity",
            description: "The cancellations this server received and how its slow calls ended, as JSON.",
            inputSchema: .object(["type": .string("object")])
        ),
    ])
}

let activity = Activity()

// Added before `start`, which adds the SDK's own handler (the one that cancels the named call's task) after it: both
// run, ours first, so a stopped call is always preceded by its notification in the report.
await server.onNotification(CancelledNotification.self) { message in
    await activity.received(message.params)
}

func number(_ value: Value?) -> Double? {
    switch value {
    case .int(let int)?: Double(int)
    case .double(let double)?: double
    case .string(let text)?: Double(text)
    default: nil
    }
}

func text(_ number: Double) -> String {
    number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
}

await server.withMethodHandler(CallTool.self) { params in
    switch params.name {
    case "echo":
        let text = params.arguments?["text"]?.stringValue ?? ""
        return .init(content: [.text(text: text, annotations: nil, _meta: nil)], isError: false)
    case "add":
        guard let a = number(params.arguments?["a"]), let b = number(params.arguments?["b"]) else {
            return .init(content: [.text(text: "add needs two numbers, a and b", annotations: nil, _meta: nil)], isError: true)
        }
        return .init(content: [.text(text: text(a + b), annotations: nil, _meta: nil)], isError: false)
    case "slow":
        guard let seconds = number(params.arguments?["seconds"]), seconds >= 0 else {
            return .init(content: [.text(text: "slow needs a number of seconds", annotations: nil, _meta: nil)], isError: true)
        }
        await activity.slowStarted()
        do {
            try await Task.sleep(for: .seconds(seconds))
        } catch {
            // Cancelled by the client's notification: the SDK sends no answer for a handler that throws this.
            await activity.slowEnded(stopped: true)
            throw error
        }
        await activity.slowEnded(stopped: false)
        return .init(content: [.text(text: "slept \(text(seconds)) s", annotations: nil, _meta: nil)], isError: false)
    case "activity":
        let report = String(decoding: try JSONEncoder().encode(await activity.report), as: UTF8.self)
        return .init(content: [.text(text: report, annotations: nil, _meta: nil)], isError: false)
    default:
        return .init(content: [.text(text: "unknown tool \(params.name)", annotations: nil, _meta: nil)], isError: true)
    }
}

try await server.start(transport: StdioTransport())
await server.waitUntilCompleted()
