#!/usr/bin/env bash
# Backup speed, side by side with restic on the same data, in one run
# (issue 13, "Speed"; bench/README.md, "Backup"). Generates an office-like
# folder (small Japanese-named xlsx/docx/pdf/csv/txt files and three
# paged databases, seeded), backs it up with Kinko's engine (core/backup
# through bench/backupbench, as the app calls it) and with restic, applies
# a "next day", backs up again, runs once more with nothing changed, and
# restores the newest snapshot with each. Every step runs under
# /usr/bin/time -v (wall time, peak memory, bytes written).
#
#   bench/backup.sh                  about 2 GB (SIZE=2G)
#   SIZE=200M bench/backup.sh        a quick run
#   SEED=2 KEEP=1 PROFILE=1 bench/backup.sh
#
# SIZE  size of the folder (K/M/G suffix; the databases scale with it)
# SEED  the data's seed (default 1): runs with the same seed compare
# KINKO_BENCH_DIR  scratch space (default $TMPDIR/kinko-bench); the run
#       uses <it>/backup and needs about 3 × SIZE free
# KEEP=1     keep the data, repositories and restores afterwards
# WATCHER=1  Kinko's day-1 and no-change runs are told what changed, as
#            the app's watcher tells them (Source.Changed: the folders
#            with changes; none for the no-change run); needs a
#            core/backup with watcher-informed runs (the driver is built
#            with -tags watcher). restic still scans everything.
# BACKUPBENCH=path  use this prebuilt driver instead of building
#            ./bench/backupbench (e.g. one built against another branch)
# PROFILE=1  write CPU profiles of Kinko's steps (kinko-<step>.pprof;
#            go tool pprof -top <them>)
#
# Needs restic and GNU time: apt-get install restic time (Debian). The page
# cache is dropped before every timed step when /proc/sys/vm/drop_caches
# is writable (root); otherwise every step reads warm data, and the report
# says which.
#
# The table goes to stdout and to bench/results/backup-<date>-<SIZE>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export CGO_ENABLED=0
SIZE=${SIZE:-2G}
SEED=${SEED:-1}
for tool in restic /usr/bin/time; do
	if ! command -v "$tool" >/dev/null; then
		echo "bench/backup.sh: $tool is missing: apt-get install restic time" >&2
		exit 2
	fi
done
W=${KINKO_BENCH_DIR:-${TMPDIR:-/tmp}/kinko-bench}/backup
rm -rf "$W"
mkdir -p "$W"
if [ -n "${BACKUPBENCH:-}" ]; then
	cp "$BACKUPBENCH" "$W/backupbench"
else
	tags=()
	if [ "${WATCHER:-}" = 1 ]; then tags=(-tags watcher); fi
	go build "${tags[@]}" -o "$W/backupbench" ./bench/backupbench
fi
B=$W/backupbench
FIG=$W/figures
SRC=$W/src
export RESTIC_PASSWORD=kinko-bench-restic-password
export RESTIC_REPOSITORY=$W/restic-repo
export RESTIC_CACHE_DIR=$W/restic-cache
KDEST=$W/kinko-dest
KCACHE=$W/kinko-cache
EXCLUDES=()
while read -r p; do EXCLUDES+=(--exclude "$p"); done < <("$B" excludes)

fig() { echo "$1=$2" >>"$FIG"; }
bytes() { du -sb "$1" 2>/dev/null | cut -f1 || echo 0; }
if sync && echo 3 2>/dev/null >/proc/sys/vm/drop_caches; then
	MODE=cold
	drop() { sync; echo 3 >/proc/sys/vm/drop_caches; }
else
	MODE=warm
	drop() { sync; }
fi
# timed <name> <command...>: one step under GNU time.
timed() {
	local name=$1
	shift
	drop
	local prof=()
	if [ "${PROFILE:-}" = 1 ] && [ "$1" = "$B" ]; then prof=(-cpuprofile "$W/$name.pprof"); fi
	/usr/bin/time -v -o "$W/$name.time" "$@" "${prof[@]}" >"$W/$name.out" 2>&1 ||
		{ echo "bench/backup.sh: $name failed:" >&2; tail -20 "$W/$name.out" >&2; exit 1; }
	printf '  %-20s %s s, max RSS %s KB\n' "$name" \
		"$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$W/$name.time")" \
		"$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$W/$name.time")"
}

fig date "$(date -u '+%Y-%m-%d %H:%M')"
fig size "$SIZE"
fig seed "$SEED"
fig cache_mode "$MODE"
fig restic_version "$(restic version | cut -d' ' -f1-2)"
fig load_before "$(cut -d' ' -f1-3 /proc/loadavg)"
echo "generating $SIZE (seed $SEED) in $SRC"
"$B" gen -dir "$SRC" -size "$SIZE" -seed "$SEED" >"$W/gen.out"
fig files "$(sed 's/.*"files":\([0-9]*\).*/\1/' "$W/gen.out")"
fig bytes "$(sed 's/.*"bytes":\([0-9]*\).*/\1/' "$W/gen.out")"

"$B" create -dest "$KDEST" >/dev/null
restic init -q

echo "day 0: initial backup"
timed kinko-initial "$B" backup -dest "$KDEST" -cache "$KCACHE" -src "$SRC"
timed restic-initial restic backup -q --host bench-pc "${EXCLUDES[@]}" "$SRC"
fig kinko_repo_day0 "$(bytes "$KDEST")"
fig restic_repo_day0 "$(bytes "$RESTIC_REPOSITORY")"

echo "day 1: the next day's changes, incremental backup"
"$B" mutate -dir "$SRC" -seed "$SEED" -changed "$W/changed-day1" >"$W/mutate.out"
: >"$W/changed-none"
DAY1=()
NONE=()
if [ "${WATCHER:-}" = 1 ]; then
	DAY1=(-changed "$W/changed-day1")
	NONE=(-changed "$W/changed-none")
	fig kinko_mode "watcher-informed day-1 and no-change runs ($(wc -l <"$W/changed-day1") changed folders)"
else
	fig kinko_mode "full scans (no watcher)"
fi
fig mutation "$(sed 's/.*"result":\({[^}]*}\).*/\1/' "$W/mutate.out")"
timed kinko-incremental "$B" backup -dest "$KDEST" -cache "$KCACHE" -src "$SRC" "${DAY1[@]}"
timed restic-incremental restic backup -q --host bench-pc "${EXCLUDES[@]}" "$SRC"
fig kinko_repo_day1 "$(bytes "$KDEST")"
fig restic_repo_day1 "$(bytes "$RESTIC_REPOSITORY")"

echo "nothing changed: another run"
timed kinko-nochange "$B" backup -dest "$KDEST" -cache "$KCACHE" -src "$SRC" "${NONE[@]}"
timed restic-nochange restic backup -q --host bench-pc "${EXCLUDES[@]}" "$SRC"
fig kinko_repo_nochange "$(bytes "$KDEST")"
fig restic_repo_nochange "$(bytes "$RESTIC_REPOSITORY")"

echo "restore of the newest snapshot"
fig kinko_cache_before_restore "$(bytes "$KCACHE")"
fig restic_cache_before_restore "$(bytes "$RESTIC_CACHE_DIR")"
timed kinko-restore "$B" restore -dest "$KDEST" -cache "$KCACHE" -target "$W/kinko-restored"
timed restic-restore restic restore -q latest --target "$W/restic-restored"
fig kinko_cache_after_restore "$(bytes "$KCACHE")"
fig restic_cache_after_restore "$(bytes "$RESTIC_CACHE_DIR")"
fig load_after "$(cut -d' ' -f1-3 /proc/loadavg)"

echo "checking both restores byte for byte"
"$B" compare -src "$SRC" -restored "$W/kinko-restored" >"$W/compare-kinko.out"
"$B" compare -src "$SRC" -restored "$W/restic-restored$SRC" >"$W/compare-restic.out"
fig kinko_restored_bytes "$(sed 's/.*"bytes":\([0-9]*\).*/\1/' "$W/compare-kinko.out")"
fig restic_restored_bytes "$(sed 's/.*"bytes":\([0-9]*\).*/\1/' "$W/compare-restic.out")"

mkdir -p bench/results
OUT=bench/results/backup-$(date -u +%Y-%m-%d)-$SIZE.md
echo
"$B" report -dir "$W" | tee "$OUT"
echo
echo "written to $OUT"
if [ "${PROFILE:-}" = 1 ]; then
	echo "profiles (kept): go tool pprof -top $B $W/kinko-<step>.pprof"
	KEEP=1
fi
if [ "${KEEP:-}" != 1 ]; then rm -rf "$W"; fi
