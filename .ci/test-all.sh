#!/usr/bin/env bash
# Runs each suite of `make test` (make targets given as arguments), goes on
# after one fails, and ends with a table of every suite's result, its time
# and its "N passed, N failed" line. Exits 1 when any suite failed. Each
# suite's output is also kept in build/logs/SUITE.log.
#
# usage: .ci/test-all.sh SUITE...   (the Makefile passes MAKE)
set -uo pipefail
make=${MAKE:-make}
mkdir -p build/logs
rows=() ok=0 bad=0

for suite in "$@"; do
  printf '\n=== %s\n' "$suite"
  start=$SECONDS
  log=build/logs/$suite.log
  $make --no-print-directory "$suite" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  # go test has no count line: count its packages instead.
  # A suite of several runners (e2e: run.mjs, ux.mjs) prints a line each: add them up.
  counts=$(grep -aoE '[0-9]+ passed, [0-9]+ failed' "$log" | awk '{p += $1; f += $3} END {if (NR) printf "%d passed, %d failed", p, f}')
  if [ -z "$counts" ] && grep -aqE '^(ok|FAIL|---)' "$log"; then
    counts="$(grep -acE '^ok\s' "$log") packages ok, $(grep -acE '^FAIL\s' "$log") failed"
  fi
  if ((rc == 0)); then ok=$((ok + 1)); result=passed; else bad=$((bad + 1)); result=FAILED; fi
  rows+=("$(printf '  %-15s %-7s %5ds  %s' "$suite" "$result" $((SECONDS - start)) "${counts:--}")")
done

printf '\n=== summary (logs in build/logs/)\n'
printf '  %-15s %-7s %6s  %s\n' suite result time counts
printf '%s\n' "${rows[@]}"
echo "make test: $ok passed, $bad failed"
((bad == 0))
