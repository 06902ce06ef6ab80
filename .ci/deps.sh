#!/usr/bin/env bash
# Installs what building, running and testing Kinko needs on Debian/Ubuntu,
# skipping whatever is already there, so `make run` and `make test` work on
# a fresh machine and cost nothing on a prepared one.
#
# usage: .ci/deps.sh run|test|installer|windows
#   run        compilers, GTK/WebKit, Japanese fonts, the Wails CLI, npm packages
#   test       run + Xvfb, xdotool, ImageMagick, tesseract (jpn), chromium, dbus,
#              poppler-utils (pdftotext reads back the PDF reports in Go tests),
#              age and the stock kopia CLI (core/backup's restore-without-Kinko
#              test), restic (bench/backup.sh compares with it), the newest age
#              CLI with age-plugin-batchpass (core/share's interop tests, and
#              bench/share.sh compares with it)
#   installer  run + NSIS
#   windows    the Windows lane (.ci/windows-lane.sh) only: Wine (wine64 8.0) to
#              run Windows test binaries and kinko.exe, the mingw-w64 C compiler
#              for its bcryptprimitives.dll shim, file; nothing else
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
profile=${1:-run}
WAILS_VERSION=v2.15.0
KOPIA_VERSION=v0.23.1 # the Kopia the backup engine links (go.mod)
AGE_VERSION=v1.3.2    # the newest age CLI (the age the share engine links, go.mod)

say() { printf 'deps: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# --- the Windows lane needs only Go and these Debian packages -----------------
if [ "$profile" = windows ]; then
  command -v go >/dev/null || die "Go 1.26 以降が必要です / Go 1.26 or later is required: https://go.dev/dl/"
  missing=()
  for p in wine wine64 gcc-mingw-w64-x86-64 file; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]} > 0)); then
    command -v apt-get >/dev/null || die "apt-get がありません。次を入れてください / install: ${missing[*]}"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    say "installing ${missing[*]} (the Windows lane)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  say "windows lane: $(wine --version 2>/dev/null), $(x86_64-w64-mingw32-gcc --version | head -1)"
  exit 0
fi

# --- toolchains that apt cannot give in the needed version --------------------
command -v go >/dev/null || die "Go 1.26 以降が必要です / Go 1.26 or later is required: https://go.dev/dl/"
command -v node >/dev/null || die "Node.js 20.19 以降が必要です / Node.js 20.19 or later is required"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
  die "Node.js $(node --version) は古すぎます。20.19 以降が必要です / Node.js 20.19 or later is required"

# --- Debian/Ubuntu packages --------------------------------------------------
webkit=libwebkit2gtk-4.0-dev
pkgs=(build-essential pkg-config libgtk-3-dev fonts-ipafont-gothic)
case $profile in
  run) ;;
  test) pkgs+=(xvfb xauth xdotool imagemagick tesseract-ocr tesseract-ocr-jpn chromium dbus poppler-utils age restic) ;;
  installer) pkgs+=(nsis file) ;;
  *) die "unknown profile $profile (run|test|installer)" ;;
esac

missing=()
for p in "${pkgs[@]}" "$webkit"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Ubuntu 24.04 and later ship only WebKitGTK 4.1 (built with -tags webkit2_41).
if [[ " ${missing[*]} " == *" $webkit "* ]] && dpkg-query -W -f='${Status}' libwebkit2gtk-4.1-dev 2>/dev/null | grep -q 'install ok installed'; then
  missing=("${missing[@]/$webkit}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))

if ((${#missing[@]} > 0)); then
  command -v apt-get >/dev/null || die "apt-get がありません。次を入れてください / install: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "root か sudo が必要です / need root or sudo to install: ${missing[*]}"
    sudo=sudo
  fi
  say "updating the apt package lists (apt-get update)…"
  $sudo apt-get update -qq
  if [[ " ${missing[*]} " == *" $webkit "* ]] && ! apt-cache show "$webkit" >/dev/null 2>&1; then
    missing=("${missing[@]/$webkit/libwebkit2gtk-4.1-dev}")
  fi
  # What apt will really install: the named packages and everything they need
  # (on a fresh Debian 12 about 400 for the test profile).
  total=$(apt-get install -s "${missing[@]}" 2>/dev/null | grep -c '^Inst ' || true)
  log=$(mktemp "${TMPDIR:-/tmp}/kinko-apt.XXXXXX.log")
  say "installing ${#missing[@]} Debian packages with their dependencies, $total packages in all: ${missing[*]}"
  if ((total > 100)); then say "on a fresh machine with 2 cores this takes 15–20 minutes; a progress line every 30 s, apt's output in $log"
  else say "this takes a few minutes; a progress line every 30 s, apt's output in $log"; fi
  # A line every 30 s: apt itself is quiet here, and silence looks like a hang.
  (while sleep 30; do
    say "… $(grep -c '^Get:' "$log" 2>/dev/null) of $total downloaded, $(grep -c '^Setting up ' "$log" 2>/dev/null) set up"
  done) &
  ticker=$!
  # chromium is "chromium" on Debian; Ubuntu only has the snap wrapper.
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}" >"$log" 2>&1; then
    kill "$ticker" 2>/dev/null
    tail -n 40 "$log" >&2
    die "apt-get install に失敗しました / apt-get install failed (log: $log)"
  fi
  kill "$ticker" 2>/dev/null
  wait "$ticker" 2>/dev/null || true
  say "installed $total Debian packages"
  rm -f "$log"
fi

# --- the Wails CLI, pinned ----------------------------------------------------
gobin=$(go env GOPATH)/bin
# grep reads all of it: with -q it could stop early, wails would die of SIGPIPE
# and pipefail would take that for "not installed".
if ! "$gobin/wails" version 2>/dev/null | grep "$WAILS_VERSION" >/dev/null; then
  say "installing the Wails CLI $WAILS_VERSION (go install: downloads and compiles, a minute or two)…"
  go install "github.com/wailsapp/wails/v2/cmd/wails@$WAILS_VERSION"
fi

# --- the stock kopia CLI, pinned (tests restore a backup with it) -------------
if [ "$profile" = test ] && ! "$gobin/kopia" --version 2>/dev/null | grep "$KOPIA_VERSION" >/dev/null; then
  say "building the kopia CLI $KOPIA_VERSION into $gobin (downloads and compiles, a few minutes)…"
  # Built from a pinned module (.ci/kopia-cli/go.mod, go.sum) rather than
  # `go install kopia@version`, which asks the proxy for the module's version
  # list and fails where the proxy refuses that list.
  (cd "$root/.ci/kopia-cli" && go build -o "$gobin/kopia" github.com/kopia/kopia)
  say "installed $("$gobin/kopia" --version 2>/dev/null | head -n1)"
fi

# --- the newest age CLI and its batch passphrase plugin, pinned ---------------
# Debian's age (1.1.1, above) reads a passphrase only from a terminal; the
# share packages must also open with the newest age, whose plugin takes the
# passphrase from the environment. Installed into $gobin beside, not over,
# Debian's /usr/bin/age.
if [ "$profile" = test ] && { ! "$gobin/age" --version 2>/dev/null | grep "$AGE_VERSION" >/dev/null ||
  ! "$gobin/age-plugin-batchpass" --version 2>/dev/null | grep "$AGE_VERSION" >/dev/null; }; then
  say "installing age $AGE_VERSION and age-plugin-batchpass into $gobin (go install: a minute)…"
  go install "filippo.io/age/cmd/age@$AGE_VERSION" "filippo.io/age/cmd/age-plugin-batchpass@$AGE_VERSION"
  say "installed age $("$gobin/age" --version 2>/dev/null)"
fi

# --- npm packages, exactly as locked -----------------------------------------
cd "$root/frontend"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing the npm packages exactly as locked (npm ci: about 250 MB, a few minutes)…"
  npm ci --no-fund --no-audit --loglevel=error
fi
