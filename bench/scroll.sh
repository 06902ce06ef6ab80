#!/usr/bin/env bash
# Client list scrolling (bench/README.md, "Client list scrolling"): builds the
# frontend, then runs bench/scroll.mjs, which starts the loopback test server
# (app/webtest) with a fresh vault, imports 10,000 clients through the import
# dialog in Debian's chromium, scrolls the list and prints the frame times and
# the main thread's work per frame, with PASS or FAIL (exit status 1) against
# 60 fps. Takes about a minute and a half. Arguments go to scroll.mjs:
#
#   bench/scroll.sh                       10,000 clients, 5 s per variant, 1920×1080
#   bench/scroll.sh --people              and 100,000 people (10 per client)
#   bench/scroll.sh --seconds 10 --json out.json --trace /tmp/scroll
#
# Needs Go, node and chromium (.ci/deps.sh test installs them). Run it on a
# quiet machine: it warns when other processes took more than half a core.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v "${CHROMIUM:-/usr/bin/chromium}" >/dev/null || { echo "bench/scroll.sh: chromium is missing (bash .ci/deps.sh test)" >&2; exit 2; }
[ -d frontend/node_modules ] || (cd frontend && npm ci --no-audit --no-fund)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
(cd frontend && npm run build) >"$log" 2>&1 || { cat "$log"; echo "bench/scroll.sh: the frontend does not build (stale bindings? make bindings)" >&2; exit 1; }
node bench/scroll.mjs "$@"
