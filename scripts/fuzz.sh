#!/usr/bin/env bash
# Coverage-guided fuzzing of Agora's parsers with libFuzzer (docs/fuzzing.md).
#
#   scripts/fuzz.sh [TARGET...] [--seconds N] [--no-build]    # default: every target, 300 s each
#
# Builds Fuzz/ (its own package, never part of `swift build`) with -sanitize=fuzzer,address into .build-fuzz,
# then runs each target for N seconds from its seed corpus Fuzz/corpus/TARGET/. Inputs the fuzzer finds go to
# .build-fuzz/corpus/TARGET/ (not committed); crashes, timeouts and out-of-memory inputs to
# .build-fuzz/artifacts/TARGET/. Prints one line per target: executions, crashes, timeouts, slowest input.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
all=(transcript splitter cleaner sse openai agent pipeline toolmanifest mcp)
seconds=300
build=1
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --seconds=*) seconds="${1#--seconds=}"; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *)
      if [[ " ${all[*]} " != *" $1 "* ]]; then echo "fuzz.sh: unknown target '$1' (one of: ${all[*]})" >&2; exit 2; fi
      targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
# A single input that takes this long is a hang; a run that holds this much memory is a leak or a blow-up.
per_input_timeout=${FUZZ_TIMEOUT:-10}
rss_limit_mb=${FUZZ_RSS_MB:-2048}
max_len=${FUZZ_MAX_LEN:-65536}

[ "$build" -eq 1 ] && swift build --package-path Fuzz --scratch-path "$root/.build-fuzz" -c release --product agora-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >&2
binary="$root/.build-fuzz/release/agora-fuzz"

results=()
for target in "${targets[@]}"; do
  corpus="$root/.build-fuzz/corpus/$target"
  artifacts="$root/.build-fuzz/artifacts/$target"
  log="$root/.build-fuzz/logs/$target.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  echo "fuzz.sh: $target for ${seconds}s (log: $log)" >&2
  # Fork mode keeps fuzzing after a crash or a timeout, so one run reports all it finds.
  AGORA_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 \
    "$binary" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -timeout="$per_input_timeout" -rss_limit_mb="$rss_limit_mb" -max_len="$max_len" \
    -detect_leaks=0 -artifact_prefix="$artifacts/" "$corpus" "$root/Fuzz/corpus/$target" >"$log" 2>&1 || true
  executions=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
  crashes=$(find "$artifacts" -name 'crash-*' -o -name 'oom-*' -o -name 'leak-*' | wc -l)
  timeouts=$(find "$artifacts" -name 'timeout-*' -o -name 'slow-unit-*' | wc -l)
  # The slowest input of the corpus the run ended with, timed one by one.
  slowest=$(find "$corpus" "$root/Fuzz/corpus/$target" -type f -print0 \
    | AGORA_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0 xargs -0 -r -n 500 "$binary" -runs=1 -timeout="$per_input_timeout" 2>&1 \
    | sed -n 's/^Executed \(.*\) in \([0-9]*\) ms$/\2 \1/p' | sort -n | tail -1)
  slowest_ms=${slowest%% *}
  slowest_file=${slowest#* }
  results+=("$(printf '%-13s %12s %8s %9s %10s  %s' "$target" "${executions:-0}" "$crashes" "$timeouts" "${slowest_ms:-0} ms" "$(basename "${slowest_file:-}")")")
done

printf '%-13s %12s %8s %9s %10s  %s\n' target executions crashes timeouts slowest "(input)"
printf '%s\n' "${results[@]}"
