#!/usr/bin/env bash
# Office scale (issue 15): builds an office of CLIENTS clients and PEOPLE
# people through the app's own code paths — the services the window binds
# and the CLI shares — and measures every row of the issue's table beside
# a floor program (plain bbolt + XChaCha20-Poly1305 over the same
# records) in the same run: import of clients and of people (the import
# dialog's preview + commit job), a second PC joining, the first login on
# it, login + search index, the window's poll importing a few ops and a few
# late ops, replica size, search keystrokes, and the verification of the
# access log against a plain hash-chain walk over the same files.
#
#   bench/office.sh                 10,000 clients, 100,000 people, 1,000,000 log entries (the issue's size)
#   bench/office.sh 1000 10000      a quick run (about a minute)
#   bench/office.sh 10000 100000 1000000
#
# Arguments: CLIENTS PEOPLE [LOG] (LOG defaults to 10 × PEOPLE).
# WF       scrypt work factor of the users' passwords (default 18, age's
#          default, what users have; quick runs, fewer than 10,000
#          clients, default to 12 so that a login costs milliseconds —
#          the report says which)
# USERS    users of the office (default 4: the 責任者 and three staff)
# ROUNDS   rounds of the poll measurements (default 5)
# KINKO_BENCH_DIR  scratch space (default $TMPDIR/kinko-bench); the run
#          uses <it>/office, emptied first (about 1.5 GB at full size)
# KEEP=1   keep the office afterwards
#
# Each step runs in its own process (bench/officebench re-executes
# itself), so its peak RSS is its own. The table goes to stdout and to
# bench/results/office-<date>-<CLIENTS/1000>k.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export CGO_ENABLED=0
CLIENTS=${1:-10000}
PEOPLE=${2:-100000}
LOG=${3:-$((PEOPLE * 10))}
if [ -z "${WF:-}" ]; then
	if [ "$CLIENTS" -lt 10000 ]; then WF=12; else WF=18; fi
fi
W=${KINKO_BENCH_DIR:-${TMPDIR:-/tmp}/kinko-bench}/office
mkdir -p "$W"
B=$W/../officebench-bin
go build -o "$B" ./bench/officebench
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$W"' EXIT
mkdir -p bench/results
OUT=bench/results/office-$(date -u +%Y-%m-%d)-$((CLIENTS / 1000))k.md
KINKO_BENCH_COMMIT="$(git describe --always --dirty 2>/dev/null || true) ($(git branch --show-current 2>/dev/null || true))" \
	"$B" run -dir "$W" -clients "$CLIENTS" -people "$PEOPLE" -log "$LOG" -wf "$WF" \
	-users "${USERS:-4}" -rounds "${ROUNDS:-5}" -out "$OUT"
echo "written to $OUT" >&2
