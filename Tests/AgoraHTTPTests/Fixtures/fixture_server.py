#!/usr/bin/env python3
"""An OpenAI-compatible chat-completions server for Agora's HTTP tests (Python standard library only).

Run: python3 fixture_server.py [PORT]   (0 or nothing: any free port). It prints "PORT <n>" once listening.

Requests choose a behaviour with headers (the back end's extra headers):
  X-Fixture: ok (default) | tools | text-tool | echo-request | status | malformed | html | cut | context |
             empty-stream (streamed: 200 and no event; else as context) | never | stall |
             endless (200, a chunked body that never ends) | drip (200, then one byte a second for 60 s)
  X-Fixture-Status: the status for "status" (429, 500, 401, 404...), X-Fixture-Retry-After: its Retry-After
  X-Fixture-Fail: answer "status" only for the first N requests of X-Fixture-Key, then behave as "ok"
  X-Fixture-Delay: seconds to wait before answering
  X-Fixture-Hold-File + X-Fixture-Hold-After N: requests after the first N naming that file wait while it exists
  (a test can stop a run part-way without racing the clock)
  X-Fixture-Max-Words: answer 400 context_length_exceeded when the messages hold more words than this
  (X-Fixture: first-line answers the first line of the last user message (of the text between its triple quotes,
   when it frames one), without its "Speaker:" label)
  (X-Fixture: agent plays a tool-using model: it delegates to "researcher" when offered `delegate`, else counts
   the words after the question's colon with `word_count`, and answers with the last tool result once it has one)
GET /_log?key=K lists the requests seen with X-Fixture-Key K: time, path, authorization (present or not), body.
"""
import json
import os
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOCK = threading.Lock()
LOG = {}
COUNTS = {}
HELD = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_json(self, status, obj, extra=()):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def send_raw(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/_log":
            key = parse_qs(url.query).get("key", [""])[0]
            with LOCK:
                entries = list(LOG.get(key, []))
            self.send_json(200, entries)
        elif url.path.endswith("/models"):
            self.record(None)
            self.send_json(200, {"object": "list", "data": [{"id": "fixture-model", "object": "model"}]})
        else:
            self.send_json(404, {"error": {"message": "no route " + url.path, "type": "not_found"}})

    def record(self, body):
        key = self.headers.get("X-Fixture-Key")
        if not key:
            return 0
        with LOCK:
            LOG.setdefault(key, []).append({
                "time": time.monotonic(), "path": self.path,
                "authorization": self.headers.get("Authorization") is not None, "port": self.client_address[1],
                "body": body,
            })
            COUNTS[key] = COUNTS.get(key, 0) + 1
            return COUNTS[key]

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        seen = self.record(raw)
        try:
            request = json.loads(raw)
        except ValueError:
            return self.send_json(400, {"error": {"message": "body is not JSON", "type": "invalid_request_error"}})
        if not self.path.endswith("/chat/completions"):
            return self.send_json(404, {"error": {"message": "no route " + self.path, "type": "not_found"}})
        behaviour = self.headers.get("X-Fixture", "ok")
        hold = self.headers.get("X-Fixture-Hold-File")
        if hold:
            with LOCK:
                HELD[hold] = HELD.get(hold, 0) + 1
                number = HELD[hold]
            if number > int(self.headers.get("X-Fixture-Hold-After", "0")):
                while os.path.exists(hold):
                    time.sleep(0.02)
        delay = float(self.headers.get("X-Fixture-Delay", "0"))
        if delay:
            time.sleep(delay)
        fail = self.headers.get("X-Fixture-Fail")
        if behaviour == "status" and (fail is None or seen <= int(fail)):
            status = int(self.headers.get("X-Fixture-Status", "500"))
            extra = []
            if self.headers.get("X-Fixture-Retry-After"):
                extra.append(("Retry-After", self.headers["X-Fixture-Retry-After"]))
            auth = self.headers.get("Authorization", "")
            message = "fixture status %d" % status
            if status == 401:
                message = "Incorrect API key provided: %s" % auth.replace("Bearer ", "")
            return self.send_json(status, {"error": {"message": message, "type": "fixture"}}, extra)
        if behaviour == "status":
            behaviour = "ok"
        if behaviour == "malformed":
            return self.send_raw(200, "application/json", b'{"choices": [{"message": {"content": "unterminated')
        if behaviour == "html":
            return self.send_raw(502 if self.headers.get("X-Fixture-Status") == "502" else 200, "text/html",
                                 b"<html><body><h1>Bad Gateway</h1></body></html>")
        if behaviour == "empty-stream" and request.get("stream"):
            # llama-cpp-python's way of failing a streamed request: a 200 head, then nothing.
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.write(b"0\r\n\r\n")
            return
        max_words = self.headers.get("X-Fixture-Max-Words")
        too_long = max_words is not None and \
            sum(len((m.get("content") or "").split()) for m in request.get("messages", [])) > int(max_words)
        if behaviour in ("context", "empty-stream") or too_long:
            return self.send_json(400, {"error": {
                "message": "This model's maximum context length is 256 tokens. However, you requested 999 tokens.",
                "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}})
        if behaviour in ("endless", "drip"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream" if request.get("stream") else "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            piece = b"x" * (65536 if behaviour == "endless" else 1)
            try:
                for _ in range(10 ** 9 if behaviour == "endless" else 60):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    self.wfile.flush()
                    if behaviour == "drip":
                        time.sleep(1)
            except OSError:
                pass  # the client gave up, as it should
            self.close_connection = True
            return
        if behaviour == "never":
            time.sleep(30)
            self.close_connection = True
            return
        messages = request.get("messages", [])
        last = next((m.get("content") or "" for m in reversed(messages) if m.get("role") == "user"), "")
        tools = request.get("tools") or []
        calls = []
        text = "echo: " + last
        if behaviour == "echo-request":
            text = raw
        elif behaviour == "agent":
            names = [t["function"]["name"] for t in tools]
            results = [m.get("content") or "" for m in messages if m.get("role") == "tool"]
            if results:
                text = "Answer: " + results[-1]
            elif "delegate" in names:
                calls = [{"id": "call_0", "type": "function", "function": {
                    "name": "delegate", "arguments": json.dumps({"agent": "researcher", "task": last})}}]
                text = None
            elif "word_count" in names:
                calls = [{"id": "call_0", "type": "function", "function": {
                    "name": "word_count", "arguments": json.dumps({"text": last.split(":", 1)[-1].strip()})}}]
                text = None
        elif behaviour == "first-line":
            # The text a framed request delimits between triple quotes, else the whole message.
            body = last.split('"""')[1] if last.count('"""') >= 2 else last
            first = next((line for line in body.splitlines() if line.strip()), "")
            text = first.split(": ", 1)[-1] if ": " in first[:60] else first
        elif behaviour == "tools" and tools:
            calls = [{"id": "call_%d" % i, "type": "function",
                      "function": {"name": t["function"]["name"], "arguments": json.dumps({"q": last, "n": i})}}
                     for i, t in enumerate(tools[:2])]
            text = None
        elif behaviour == "text-tool" and tools:
            text = "```json\n" + json.dumps({"name": tools[0]["function"]["name"], "arguments": {"q": last}}) + "\n```"
        usage = {"prompt_tokens": sum(len((m.get("content") or "").split()) for m in messages),
                 "completion_tokens": len((text or "").split()) + len(calls)}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        finish = "tool_calls" if calls else "stop"
        if request.get("stream"):
            return self.stream(request, text, calls, usage, finish, behaviour)
        message = {"role": "assistant", "content": text}
        if calls:
            message["tool_calls"] = calls
        self.send_json(200, {"id": "chatcmpl-fixture", "object": "chat.completion", "model": request.get("model"),
                             "choices": [{"index": 0, "message": message, "finish_reason": finish}], "usage": usage})

    def chunk(self, obj):
        data = obj if isinstance(obj, bytes) else ("data: " + json.dumps(obj) + "\r\n\r\n").encode()
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def stream(self, request, text, calls, usage, finish, behaviour):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        base = {"id": "chatcmpl-fixture", "object": "chat.completion.chunk", "model": request.get("model")}

        def delta(d, finish_reason=None):
            return dict(base, choices=[{"index": 0, "delta": d, "finish_reason": finish_reason}])

        self.chunk(b": keep-alive comment\n\n")
        self.chunk(delta({"role": "assistant", "content": ""}))
        if behaviour == "stall":
            time.sleep(30)
            self.close_connection = True
            return
        words = (text or "").split(" ")
        for i, word in enumerate(words):
            if text is None:
                break
            piece = word if i == 0 else " " + word
            # One event split across two writes, mid-line, to exercise partial lines.
            data = ("data: " + json.dumps(delta({"content": piece})) + "\n\n").encode()
            self.chunk(data[:7])
            self.chunk(data[7:])
            if behaviour == "cut" and i == 1:
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
        for index, call in enumerate(calls):
            args = call["function"]["arguments"]
            self.chunk(delta({"tool_calls": [{"index": index, "id": call["id"], "type": "function",
                                              "function": {"name": call["function"]["name"], "arguments": ""}}]}))
            for start in range(0, len(args), 5):
                self.chunk(delta({"tool_calls": [{"index": index, "function": {"arguments": args[start:start + 5]}}]}))
        self.chunk(delta({}, finish))
        if (request.get("stream_options") or {}).get("include_usage"):
            self.chunk(dict(base, choices=[], usage=usage))
        self.chunk(b"data: [DONE]\n\n")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = Server(("127.0.0.1", port), Handler)
    print("PORT %d" % server.server_address[1], flush=True)
    # Exit with the test process: it holds our stdin open.
    threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
