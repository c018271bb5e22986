import AgoraTestSupport
import Foundation
import Testing

/// What reaches the terminal when a server misbehaves: no control characters, no credentials.
@Suite struct ErrorOutputTests {
    /// A loopback server whose every answer is a 400 whose message carries terminal escapes and quotes back the
    /// request's credential headers, as some gateways do.
    final class HostileServer: @unchecked Sendable {  // its stored properties are set once, in init
        static let script = """
            import http.server, json, sys
            class H(http.server.BaseHTTPRequestHandler):
                def log_message(self, *a): pass
                def do_POST(self):
                    self.rfile.read(int(self.headers.get("Content-Length", "0")))
                    echoed = " ".join(self.headers.get(n, "") for n in ("Authorization", "X-Api-Key"))
                    body = json.dumps({"error": {"message": "\\x1b]0;PWNED\\x07\\x1b[2J\\x9b31m bad request from " + echoed}}).encode()
                    self.send_response(400)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
            s = http.server.HTTPServer(("127.0.0.1", 0), H)
            print("PORT", s.server_address[1], flush=True)
            import threading
            threading.Thread(target=s.serve_forever, daemon=True).start()
            sys.stdin.read()
            """
        let process = Process()
        let stdin = Pipe()
        let stdout = Pipe()
        let port: Int

        init() throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", Self.script]
            process.standardOutput = stdout
            process.standardInput = stdin
            try process.run()
            // Bounded: a server that cannot start is given ten seconds to say so.
            var line = Data()
            let deadline = Date().addingTimeInterval(10)
            while !line.contains(UInt8(ascii: "\n")), Date() < deadline, process.isRunning || !line.isEmpty {
                let data = stdout.fileHandleForReading.availableData
                if data.isEmpty { usleep(10_000) } else { line.append(data) }
            }
            let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            port = Int(text.replacingOccurrences(of: "PORT ", with: "")) ?? 0
        }

        func stop() { process.terminate() }
    }

    @Test func aServersErrorIsEscapedAndItsEchoOfCredentialsRedacted() async throws {
        let server = try await offThePool { try HostileServer() }  // its start-up wait blocks on a read
        defer { server.stop() }
        try #require(server.port > 0)
        let result = try await BuiltProduct.agora.run([
            "summarize", Repository.transcript("talk-tool-latency.txt"), "--backend", "openai",
            "--base-url", "http://alice:s3cretpass@127.0.0.1:\(server.port)/v1", "--model", "m",
            "--header", "Authorization: Bearer hdr-token-123", "--header", "X-Api-Key: k3y-value-456",
        ])
        #expect(result.status != 0)
        let stderr = result.stderr
        #expect(stderr.split(separator: "\n").count == 1, "stderr: \(stderr)")
        #expect(stderr.contains("HTTP 400"), "stderr: \(stderr)")
        for control in ["\u{1B}", "\u{07}", "\u{9B}"] { #expect(!stderr.contains(control), "a raw control character reached stderr") }
        #expect(stderr.contains("\\x1b]0;PWNED\\x07"), "stderr: \(stderr)")
        for secret in ["s3cretpass", "alice:", "hdr-token-123", "k3y-value-456"] {
            #expect(!stderr.contains(secret), "'\(secret)' leaked: \(stderr)")
        }
        #expect(stderr.contains("http://127.0.0.1:\(server.port)/v1"), "the endpoint is still named: \(stderr)")
    }

    @Test func aMalformedBaseURLIsQuotedWithoutItsPassword() async throws {
        let result = try await BuiltProduct.agora.run([
            "summarize", Repository.transcript("talk-tool-latency.txt"), "--backend", "openai", "--base-url", "ftp://bob:hunter22@h/v1", "--model", "m",
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--base-url"))
        #expect(!result.stderr.contains("hunter22"), "stderr: \(result.stderr)")
    }
}
