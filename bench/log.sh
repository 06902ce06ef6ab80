#!/usr/bin/env bash
# Access-log benchmarks (bench/README.md, "Access log: appending and
# verifying"): appending an entry, and verifying a folder of 1,000,000
# entries. The million-entry fixture is built once per machine in
# $KINKO_BENCH_DIR (default: $TMPDIR/kinko-bench/log1m-v1; about two
# minutes the first time) and reused; delete that folder to rebuild it.
#
#   bench/log.sh              appending and verifying, 3 runs each; then
#                             verifying beside a plain walk, and cancelling
#   bench/log.sh kill [n]     the killed-writer test with n rounds (default
#                             100): the log must verify after every kill
set -euo pipefail
cd "$(dirname "$0")/.."
export CGO_ENABLED=0

if [ "${1:-}" = kill ]; then
	KINKO_LOG_ROUNDS=${2:-100} go test -run '^TestLogKilledWriter$' -count=1 -v -timeout 60m ./core/vault/ 2>&1 |
		grep -E "rounds, [0-9]+ entries acknowledged|^(--- |ok |FAIL)|_test\.go:"
	exit
fi
run() { # run <pattern> <benchtime> <count>
	go test -run '^$' -bench "$1" -benchtime="$2" -count="$3" -benchmem -timeout 60m ./core/vault/ 2>&1 |
		grep -E '^(Benchmark|building|built|log fixture|cpu:|--- FAIL|FAIL)|panic|_test\.go:'
}
run 'BenchmarkLogAppend$|BenchmarkLogAppendInTx$' 2s 3
# The first verification in a process, as when someone presses "verify":
# one iteration per run, three runs.
run 'BenchmarkLogVerify1M$' 1x 3
# The same beside a plain hash-chain walk over the same files, in the same
# run (ratio, ratio-cpu), and the first progress update and a cancel's
# latency at 1,000,000 entries.
run 'BenchmarkLogVerify1MVsWalk$' 3x 1
run 'BenchmarkLogVerify1MCancel$' 3x 1
