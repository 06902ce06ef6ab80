#!/usr/bin/env bash
# Vault benchmarks (bench/README.md, "Vault"): open + index vs a plain loop,
# importing 10,000 ops, and the edit round trip, on a vault of 10,000 clients
# and 100,000 people; a sync and a rebuild with 50,000 junk ops held. The
# fixtures are built once per machine in $KINKO_BENCH_DIR (default:
# $TMPDIR/kinko-bench; about a minute the first time) and reused; delete that
# folder to rebuild them.
#
#   bench/vault.sh                       every vault benchmark
#   bench/vault.sh 'EditAck$' 5s         one pattern, with a -benchtime
set -euo pipefail
cd "$(dirname "$0")/.."
export CGO_ENABLED=0

run() { # run <pattern> <benchtime>
	go test -run '^$' -bench "$1" -benchtime="$2" -count=1 -timeout 60m ./core/vault/ 2>&1 |
		grep -E '^(Benchmark|building|built|cpu:|--- FAIL|FAIL)|panic|_test\.go:'
}

if [ $# -gt 0 ]; then
	run "$1" "${2:-5x}"
	exit
fi
# One to two seconds per iteration: a fixed number of iterations.
run 'BenchmarkOpenIndexVsPlain$|BenchmarkOpenIndex$|BenchmarkPlainLoop$|BenchmarkImport10k$' 5x
# Milliseconds per iteration: the benchmark chooses the count.
run 'BenchmarkEditAck$|BenchmarkEditVisible$' 2s
# 50,000 junk ops held in the replica (untimed work in each iteration):
# a fixed number of iterations.
run 'BenchmarkSyncOneOpJunk50k$' 50x
run 'BenchmarkRebuildJunk50k$' 3x
