#!/usr/bin/env bash
# The My Number scan of outgoing files (core/share/scan) on a mixed folder,
# side by side with plain reading (cat) and sha256sum of the same files in
# the same run (issue 14, "Speed": the scan of a 1 GB mixed folder is
# reported separately; bench/sharescan.md).
#
#   bench/sharescan.sh               about 1 GB (SIZE=1G)
#   SIZE=100M bench/sharescan.sh     a quick run
#
# The folder (generated once per SIZE and SEED by bench/sharescanbench,
# kept in $KINKO_BENCH_DIR, default $TMPDIR/kinko-bench): payroll CSV in
# UTF-8 and Shift_JIS, xlsx (excelize), docx, PDF (gopdf with the Japanese
# font of core/report), zips of CSV, and incompressible "photos"; a few
# valid numbers are planted (never printed). Every step runs under
# /usr/bin/time -v when it exists (peak memory). The page cache is dropped
# before every step when /proc/sys/vm/drop_caches is writable (root);
# otherwise every step reads warm data, and the report says which.
#
# The table goes to stdout and to bench/results/sharescan-<date>-<SIZE>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-1G}
SEED=${SEED:-1}
BASE=${KINKO_BENCH_DIR:-${TMPDIR:-/tmp}/kinko-bench}
DIR=$BASE/sharescan-$SIZE-$SEED
BIN=$BASE/sharescanbench
mkdir -p "$BASE"
CGO_ENABLED=0 go build -o "$BIN" ./bench/sharescanbench
if [ ! -f "$DIR.done" ]; then
	rm -rf "$DIR"
	echo "generating $SIZE in $DIR …" >&2
	"$BIN" gen "$DIR" "$(numfmt --from=iec "$SIZE")" "$SEED"
	touch "$DIR.done"
fi
BYTES=$(find "$DIR" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
FILES=$(find "$DIR" -type f | wc -l)

if sync && echo 3 2>/dev/null >/proc/sys/vm/drop_caches; then
	CACHE="cold (page cache dropped before each step)"
	drop() { sync; echo 3 >/proc/sys/vm/drop_caches; }
else
	CACHE="warm (cannot drop the page cache: not root)"
	drop() { :; }
	find "$DIR" -type f -print0 | xargs -0 cat >/dev/null # warm every step alike
fi
TIMEV=()
[ -x /usr/bin/time ] && TIMEV=(/usr/bin/time -f '%e %M')

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
step() { # name command…; prints "seconds peakKB"
	local name=$1
	shift
	drop
	local t0 t1
	t0=$(date +%s.%N)
	if [ ${#TIMEV[@]} -gt 0 ]; then
		"${TIMEV[@]}" -o "$W/$name.time" "$@" >"$W/$name.out"
	else
		"$@" >"$W/$name.out"
	fi
	t1=$(date +%s.%N)
	local kb="-"
	[ -f "$W/$name.time" ] && kb=$(awk '{print $2}' "$W/$name.time")
	echo "$(echo "$t1 - $t0" | bc -l) $kb"
}
row() { # label seconds kb
	printf '| %s | %.2f s | %.0f MB/s | %s |\n' "$1" "$2" "$(echo "$BYTES / 1000000 / $2" | bc -l)" \
		"$([ "$3" = "-" ] && echo - || echo "$(($3 / 1024)) MB")"
}
read -r cs ck < <(step cat sh -c "find '$DIR' -type f -print0 | xargs -0 cat")
read -r hs hk < <(step sha256sum sh -c "find '$DIR' -type f -print0 | xargs -0 sha256sum")
read -r ss sk < <(step scan "$BIN" scan "$DIR")

mkdir -p bench/results
OUT=bench/results/sharescan-$(date -u +%Y-%m-%d)-$SIZE.md
{
	echo "# My Number scan, $(date -u +%Y-%m-%dT%H:%MZ), SIZE=$SIZE SEED=$SEED"
	echo
	echo "$FILES files, $BYTES bytes; $(nproc) cores; page cache: $CACHE."
	echo "Commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'); $(go version | cut -d' ' -f3)."
	echo
	echo "| step | time | throughput | peak memory |"
	echo "| --- | --- | --- | --- |"
	row "read (cat)" "$cs" "$ck"
	row "sha256sum" "$hs" "$hk"
	row "Kinko scan (size, SHA-256, CRC-32 and search)" "$ss" "$sk"
	echo
	echo "Scan: \`$(cat "$W/scan.out")\`"
} | tee "$OUT"
