#!/usr/bin/env python3
"""The baseline of `agora bench http`: the same chat-completion load through httpx on asyncio.

Usage: python bench_http_httpx.py --url http://127.0.0.1:PORT/v1 [--requests 1000] [--rounds 3]
Needs httpx (pip install httpx). `agora bench http` runs it itself against its own loopback server; it prints
a JSON list of figures in the shape the bench reads. The client's CPU time is this process's (the server is
another process). Each mode runs twice: with httpx's default pool of 100 connections, and with the pool widened
to the request count (the connections agora's engine holds); `agora bench http` compares against the better one.
"""
import argparse
import asyncio
import json
import resource
import time

import httpx

BODY = {"model": "bench", "messages": [{"role": "system", "content": "You are terse."},
                                       {"role": "user", "content": "Say something about foxes."}], "max_tokens": 32}


async def complete(client, url):
    start = time.perf_counter()
    response = await client.post(url, content=json.dumps(BODY, separators=(",", ":")),
                                 headers={"Content-Type": "application/json"})
    response.raise_for_status()
    answer = json.loads(response.content)
    assert answer["usage"]["completion_tokens"] == 10
    return time.perf_counter() - start


async def stream(client, url):
    start = time.perf_counter()
    body = dict(BODY, stream=True, stream_options={"include_usage": True})
    text, usage = [], None
    async with client.stream("POST", url, content=json.dumps(body, separators=(",", ":")),
                             headers={"Content-Type": "application/json", "Accept": "text/event-stream"}) as response:
        response.raise_for_status()
        async for line in response.aiter_lines():
            if not line.startswith("data:"):
                continue
            data = line[5:].strip()
            if data == "[DONE]":
                break
            chunk = json.loads(data)
            if chunk.get("usage"):
                usage = chunk["usage"]
            for choice in chunk.get("choices") or []:
                text.append((choice.get("delta") or {}).get("content") or "")
    assert usage and usage["completion_tokens"] == 10
    return time.perf_counter() - start


async def measure(url, mode, requests, rounds, pool):
    limits = httpx.Limits(max_connections=pool, max_keepalive_connections=pool)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        call = complete if mode == "complete" else stream
        await asyncio.gather(*(call(client, url) for _ in range(requests)))  # warm-up: open the connections
        latencies = []
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(rounds):
            latencies += await asyncio.gather(*(call(client, url) for _ in range(requests)))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    latencies.sort()

    def pct(f):
        return latencies[min(len(latencies) - 1, int((len(latencies) - 1) * f + 0.5))] * 1000

    return {"client": "httpx (asyncio, pool %d)" % pool, "mode": mode, "requests": len(latencies), "seconds": wall, "cpuSeconds": cpu,
            "p50Milliseconds": pct(0.5), "p99Milliseconds": pct(0.99),
            "peakRSSMegabytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    url = args.url.rstrip("/") + "/chat/completions"
    results = [asyncio.run(measure(url, mode, args.requests, args.rounds, pool))
               for mode in ("complete", "stream") for pool in (100, args.requests)]
    print(json.dumps(results))


if __name__ == "__main__":
    main()
