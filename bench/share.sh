#!/usr/bin/env bash
# Share packages: speed side by side with the age command-line tool on the
# same file, in one run, and peak memory for a large package (issue 14,
# "Speed"; bench/README.md, "Share packages").
#
#   bench/share.sh                    1 GB speed run + 4 GB memory run
#   SIZE=200M MEM_SIZE=0 bench/share.sh   a quick run, no memory run
#
# SIZE      size of the speed run's file (K/M/G suffix; default 1G)
# MEM_SIZE  size of the memory run's file (default 4G; 0: skip it)
# KINKO_BENCH_DIR  scratch space (default $TMPDIR/kinko-bench); the run uses
#           <it>/share and needs about 3 × the larger size free
# KEEP=1    keep the files afterwards
#
# Kinko's steps are bench/sharebench: core/share's CreateFile and Extract,
# as the app calls them. Throughput is compared with key derivation aside:
# the age reference encrypts to an X25519 recipient (age -r) and decrypts
# with its identity, and Kinko's compared steps use the same key
# (CreateOptions.Recipients / OpenOptions.Identities: everything but the
# header's stanza is the passphrase packages' code). Kinko's passphrase
# steps (scrypt, work factor 18: about 256 MiB for a moment, whatever the
# package's size) are run and reported beside them. Create's input comes
# with the SHA-256 and CRC-32 the My Number scan computes while it reads
# every file (the scan has its own bench); Create re-hashes while it seals,
# and Extract hashes everything it writes. Every step runs under
# /usr/bin/time (wall time, peak memory); the page cache is warm for both.
#
# Needs GNU time and the newest age (bash .ci/deps.sh test installs it into
# $(go env GOPATH)/bin; Debian's /usr/bin/age works too).
# The table goes to stdout and to bench/results/share-<date>-<SIZE>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export CGO_ENABLED=0
SIZE=${SIZE:-1G}
MEM_SIZE=${MEM_SIZE:-4G}
AGE=$(go env GOPATH)/bin/age
[ -x "$AGE" ] || AGE=$(command -v age || true)
if [ -z "$AGE" ] || [ ! -x /usr/bin/time ]; then
	echo "bench/share.sh: needs age and GNU time: bash .ci/deps.sh test; apt-get install time" >&2
	exit 2
fi
W=${KINKO_BENCH_DIR:-${TMPDIR:-/tmp}/kinko-bench}/share
rm -rf "$W"
mkdir -p "$W"
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$W"' EXIT
B=$W/sharebench
go build -o "$B" ./bench/sharebench
# A bench passphrase (not a secret): the environment, never argv.
export SHAREBENCH_PASS=bench-sakura-mikan-tokei-inu-neko

# timed NAME CMD...: runs CMD under /usr/bin/time; sets SECS (its wall
# time; for sharebench the step's own time, which leaves out the scan's
# hashing that create does first), CPU (user + system seconds) and RSS_MB
# (peak).
timed() {
	local name=$1
	shift
	/usr/bin/time -f '%e %M %U %S' -o "$W/time.txt" "$@" >"$W/$name.out"
	read -r SECS KB U S <"$W/time.txt"
	CPU=$(awk -v u="$U" -v s="$S" 'BEGIN { printf "%.2f", u + s }')
	RSS_MB=$((KB / 1024))
	if grep -q 'seconds=' "$W/$name.out"; then
		SECS=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' "$W/$name.out")
	fi
}
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / 1048576 / s }'; }

bytes_of() { stat -c %s "$1"; }

echo "share bench: SIZE=$SIZE MEM_SIZE=$MEM_SIZE, age $("$AGE" --version), $(nproc) cores, $(go version | cut -d' ' -f3)" >&2
"$B" gen "$(numfmt --from=iec "$SIZE")" "$W/in.bin"
"$B" hash "$W/in.bin" >/dev/null
N=$(bytes_of "$W/in.bin")
R=$("$B" keygen "$W/key.txt")
SCRYPT=$("$B" scrypt | sed 's/.*seconds=//')

timed age-enc "$AGE" -r "$R" -o "$W/ref.age" "$W/in.bin"
AE=$SECS AE_RSS=$RSS_MB AE_CPU=$CPU
SHAREBENCH_IDENTITY=$W/key.txt timed kinko-create "$B" create "$W/in.bin" "$W/pkg.age"
KC=$SECS KC_RSS=$RSS_MB KC_CPU=$CPU
timed age-dec "$AGE" -d -i "$W/key.txt" -o "$W/ref.out" "$W/ref.age"
AD=$SECS AD_RSS=$RSS_MB AD_CPU=$CPU
rm -f "$W/ref.out" "$W/ref.age"
SHAREBENCH_IDENTITY=$W/key.txt timed kinko-open "$B" open "$W/pkg.age" "$W/out"
KO=$SECS KO_RSS=$RSS_MB KO_CPU=$CPU
cmp "$W/in.bin" "$W/out/in.bin"
rm -rf "$W/out" "$W/pkg.age"
timed kinko-create-pass "$B" create "$W/in.bin" "$W/pkg.age"
PC=$SECS PC_RSS=$RSS_MB PC_CPU=$CPU
timed kinko-open-pass "$B" open "$W/pkg.age" "$W/out"
PO=$SECS PO_RSS=$RSS_MB PO_CPU=$CPU
cmp "$W/in.bin" "$W/out/in.bin"
rm -rf "$W/out" "$W/pkg.age"

ratio() { awk -v a="$1" -v k="$2" 'BEGIN { printf "%.2f", a / k }'; }
out=bench/results/share-$(date -u +%Y%m%d)-$SIZE.md
mkdir -p bench/results
{
	echo "## Share packages, $SIZE ($N bytes), $(date -u +%Y-%m-%dT%H:%MZ)"
	echo
	echo "age $("$AGE" --version); $(nproc) cores; one scrypt at work factor 18 took ${SCRYPT} s in this run"
	echo
	echo "| step | wall s | MB/s | CPU s | peak RSS MB | Kinko ÷ age throughput (wall; CPU) |"
	echo "| --- | --- | --- | --- | --- | --- |"
	echo "| age -r (encrypt, X25519) | $AE | $(mbps "$N" "$AE") | $AE_CPU | $AE_RSS | |"
	echo "| Kinko create (X25519) | $KC | $(mbps "$N" "$KC") | $KC_CPU | $KC_RSS | $(ratio "$AE" "$KC"); $(ratio "$AE_CPU" "$KC_CPU") |"
	echo "| age -d -i (decrypt, X25519) | $AD | $(mbps "$N" "$AD") | $AD_CPU | $AD_RSS | |"
	echo "| Kinko open (X25519) | $KO | $(mbps "$N" "$KO") | $KO_CPU | $KO_RSS | $(ratio "$AD" "$KO"); $(ratio "$AD_CPU" "$KO_CPU") |"
	echo "| Kinko create (passphrase) | $PC | $(mbps "$N" "$PC") | $PC_CPU | $PC_RSS | |"
	echo "| Kinko open (passphrase) | $PO | $(mbps "$N" "$PO") | $PO_CPU | $PO_RSS | |"
} | tee "$out"
rm -f "$W/in.bin"

if [ "$MEM_SIZE" != 0 ]; then
	"$B" gen "$(numfmt --from=iec "$MEM_SIZE")" "$W/big.bin"
	"$B" hash "$W/big.bin" >/dev/null
	M=$(bytes_of "$W/big.bin")
	SHAREBENCH_IDENTITY=$W/key.txt timed kinko-create-big "$B" create "$W/big.bin" "$W/big.age"
	MC=$SECS MC_RSS=$RSS_MB MC_CPU=$CPU
	rm -f "$W/big.bin"
	SHAREBENCH_IDENTITY=$W/key.txt timed kinko-open-big "$B" open "$W/big.age" "$W/bigout"
	MO=$SECS MO_RSS=$RSS_MB MO_CPU=$CPU
	rm -rf "$W/bigout" "$W/big.age"
	{
		echo
		echo "Memory, $MEM_SIZE ($M bytes; target: peak RSS < 150 MB; X25519, so scrypt's fixed 256 MiB is not in it):"
		echo
		echo "| step | wall s | CPU s | peak RSS MB |"
		echo "| --- | --- | --- | --- |"
		echo "| Kinko create | $MC | $MC_CPU | $MC_RSS |"
		echo "| Kinko open | $MO | $MO_CPU | $MO_RSS |"
	} | tee -a "$out"
fi
echo "written to $out" >&2
