import Foundation
import MCP

// An MCP server over stdio with two tools, `echo` and `add`: what Agora's MCP client is tested against, and an
// example to copy. Run it under a client (`agora tools list --mcp Tools/mcp.example.json`); on its own it waits for
// JSON-RPC on stdin. With `--sleep-on-start N` it waits N seconds before serving (to test a client's timeouts).

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
    ])
}

func number(_ value: Value?) -> Double? {
    switch value {
    case .int(let int)?: Double(int)
    case .double(let double)?: double
    case .string(let text)?: Double(text)
    default: nil
    }
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
        let sum = a + b
        let text = sum.rounded() == sum && abs(sum) < 1e15 ? String(Int64(sum)) : String(sum)
        return .init(content: [.text(text: text, annotations: nil, _meta: nil)], isError: false)
    default:
        return .init(content: [.text(text: "unknown tool \(params.name)", annotations: nil, _meta: nil)], isError: true)
    }
}

try await server.start(transport: StdioTransport())
await server.waitUntilCompleted()
