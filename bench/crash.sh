#!/usr/bin/env bash
# Crash test of the vault (core/vault/crash_test.go): a writing child process
# is killed with SIGKILL at random points, round after round, on one replica
# and vault folder; no acknowledged write may be lost. Prints the survivor
# count line.
#
#   bench/crash.sh        300 rounds (a few minutes)
#   bench/crash.sh 1000   more rounds
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-300}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
KINKO_CRASH_ROUNDS=$rounds go test -run '^TestCrash$' -count=1 -v -timeout 120m ./core/vault/ >"$out" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
	cat "$out"
	exit "$status"
fi
grep -E "rounds, [0-9]+ acknowledged writes survived" "$out"
grep -E "^(--- |ok )" "$out"
