#!/usr/bin/env bash
# The browser suites of `make test`, in two lanes at once (the machine has
# two cores; each suite starts its own loopback server and chromium, with
# its own temporary folders and port). Each suite's output goes to
# build/logs/e2e-<suite>.log and is printed, whole and in a fixed order,
# when both lanes are done, with its own "N passed, N failed" line.
#
# usage: bash .ci/e2e.sh path/to/kinko   (the binary the CLI cases drive)
set -uo pipefail
kinko=$(realpath "$1")
cd "$(dirname "$0")/../frontend"
logs=../build/logs
mkdir -p "$logs"

lane() { # lane SUITE...: the suites one after another; the status of the worst
  local rc=0
  for s in "$@"; do
    local t=$SECONDS
    KINKO_BIN=$kinko node "e2e/$s.mjs" >"$logs/e2e-$s.log" 2>&1 || rc=1
    echo "(e2e/$s.mjs took $((SECONDS - t)) s)" >>"$logs/e2e-$s.log"
  done
  return $rc
}

# Balanced by the suites' times in a clean-clone CI run (each log ends with
# its own): run 253 s + sharewin 122 s, and ux 61 + matrix 99 (its import of
# 10,000 clients and a cancelled change of all of them) + backup 101 +
# opener 115: about 375 s each.
lane run sharewin & a=$!
lane ux matrix backup opener & b=$!
rc=0
wait $a || rc=1
wait $b || rc=1
for s in run ux matrix backup sharewin opener; do
  echo "--- e2e/$s.mjs"
  cat "$logs/e2e-$s.log"
done
exit $rc
