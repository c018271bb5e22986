#!/usr/bin/env bash
# Renders the lab's HTML report in headless Chromium and checks that the charts are there.
#
#   scripts/check-lab-report.sh REPORT_DIR [PNG_OUT]
#
# REPORT_DIR holds index.html from `agora lab tool-latency --report REPORT_DIR`. Writes a screenshot
# (REPORT_DIR/screenshot.png unless PNG_OUT is given) and a DOM dump (REPORT_DIR/dom.html), then checks that the
# rendered DOM holds the utilisation, tokens-per-joule and timeline SVGs with their lines and spans.
# Needs Chromium (Debian: apt-get install -y chromium). Not part of `swift test`.
set -euo pipefail

dir=${1:?usage: scripts/check-lab-report.sh REPORT_DIR [PNG_OUT]}
page="$(cd "$dir" && pwd)/index.html"
png=${2:-"$dir/screenshot.png"}
dom="$dir/dom.html"
[ -f "$page" ] || { echo "no $page" >&2; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "chromium not found (apt-get install -y chromium)" >&2; exit 1; }

flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --allow-file-access-from-files --run-all-compositor-stages-before-draw)
"$browser" "${flags[@]}" --dump-dom "file://$page" > "$dom" 2>/dev/null
"$browser" "${flags[@]}" --window-size=1320,1500 --screenshot="$png" "file://$page" >/dev/null 2>&1

fail=0
check() {  # check NAME MIN PATTERN: at least MIN matches of PATTERN in the rendered DOM
    local count
    count=$(grep -o -- "$3" "$dom" | wc -l)
    if [ "$count" -ge "$2" ]; then echo "ok   $1 ($count)"; else echo "FAIL $1: $count < $2" >&2; fail=1; fi
}
check "utilisation chart"      1 'id="chart-utilisation"'
check "tokens-per-joule chart" 1 'id="chart-tokens-per-joule"'
check "timeline chart"         1 'id="chart-timeline-1"'
check "chart lines"            2 '<polyline class="series"'
check "slot spans"             1 'class="span slot"'
check "tool-thread spans"      1 'class="span tool"'
check "points table rows"      2 '<tr><td>'
[ -s "$png" ] || { echo "FAIL no screenshot" >&2; fail=1; }
bytes=$(wc -c < "$png" 2>/dev/null || echo 0)
[ "$bytes" -gt 10000 ] && echo "ok   screenshot $png ($bytes bytes)" || { echo "FAIL screenshot is $bytes bytes (blank page?)" >&2; fail=1; }
exit $fail
