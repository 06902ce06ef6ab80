#!/usr/bin/env bash
# Checks what a fresh machine meets on the README's first `make run` or
# `make test`, without a fresh machine: installed packages are simulated with
# pkg-config files in a temporary folder (PKG_CONFIG_LIBDIR), the installer
# (.ci/deps.sh) and the Wails CLI with small fakes that record what they were
# asked to do. Nothing is installed and the real build outputs are untouched.
#   - the WebKit build tag is chosen from what is installed: 4.0, 4.1, both, none
#   - the Makefile asks pkg-config nothing when it starts, and runs deps before
#     the tag is asked for; a first run where deps installs WebKitGTK 4.0
#     builds without -tags webkit2_41 (the old Makefile chose it before)
#   - without Go on PATH make says so in words
#   - `make test` runs every suite after one fails and reports them all
#   - once built, nothing is rebuilt when nothing changed
# Prints "first-run: N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

check() { # check NAME COMMAND...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "  ✓ $name"
  else failed=$((failed + 1)); echo "  ✗ $name"; fi
}

# pcdir NAME MODULE...: a pkg-config folder holding only the given modules.
pcdir() {
  local dir=$tmp/pc-$1; shift
  mkdir -p "$dir"
  local m
  for m in "$@"; do printf 'Name: %s\nDescription: fake\nVersion: 2.40\n' "$m" >"$dir/$m.pc"; done
  echo "$dir"
}

# tag_is DIR WANT: .ci/webkit-tag.sh prints WANT with only DIR's modules installed.
tag_is() { [ "$(PKG_CONFIG_LIBDIR=$1 PKG_CONFIG_PATH= bash .ci/webkit-tag.sh 2>/dev/null)" = "$2" ]; }
# tag_refuses DIR: no WebKitGTK: exit 1 and a message naming the installer.
tag_refuses() { ! PKG_CONFIG_LIBDIR=$1 PKG_CONFIG_PATH= bash .ci/webkit-tag.sh 2>"$tmp/tag.err" >/dev/null && grep -q 'deps.sh' "$tmp/tag.err"; }

echo "WebKit build tag"
check "WebKitGTK 4.0 only (Debian 12): no tag" tag_is "$(pcdir 40 webkit2gtk-4.0)" ""
check "WebKitGTK 4.1 only (Ubuntu 24.04): webkit2_41" tag_is "$(pcdir 41 webkit2gtk-4.1)" webkit2_41
check "both: 4.0, no tag" tag_is "$(pcdir both webkit2gtk-4.0 webkit2gtk-4.1)" ""
check "none: refused with the command that installs it" tag_refuses "$(pcdir none)"

echo "make on a machine without the packages"
# A pkg-config that records every call, first on PATH.
mkdir -p "$tmp/bin"
printf '#!/bin/sh\necho "$*" >>%q\nexec %q "$@"\n' "$tmp/pkg-config.calls" "$(command -v pkg-config)" >"$tmp/bin/pkg-config"
chmod +x "$tmp/bin/pkg-config"
: >"$tmp/pkg-config.calls"
parse_asks_nothing() {
  PATH=$tmp/bin:$PATH make -n -B run build installer test-e2e test-smoke >"$tmp/dry.txt" 2>&1 && [ ! -s "$tmp/pkg-config.calls" ]
}
check "make asks pkg-config nothing when it starts (make -n)" parse_asks_nothing
deps_before_tag() {
  local d t
  d=$(grep -n 'deps.sh run' "$tmp/dry-run.txt" | head -n1 | cut -d: -f1)
  t=$(grep -n 'webkit-tag.sh' "$tmp/dry-run.txt" | head -n1 | cut -d: -f1)
  [ -n "$d" ] && [ -n "$t" ] && ((d < t))
}
make -n -B run >"$tmp/dry-run.txt" 2>&1
check "make run installs (deps) before it asks for the tag" deps_before_tag

# first_run PACKAGE WANT: a first `make run` (deps, then the build) on a machine
# without WebKitGTK where the fake installer brings PACKAGE's .pc file; the
# fake Wails must be called with WANT as its tag arguments ("" for none).
cat >"$tmp/wails" <<EOF2
#!/bin/sh
echo "\$*" >>"$tmp/wails.calls"
EOF2
chmod +x "$tmp/wails"
first_run() {
  local pkg=$1 want=$2 pc=$tmp/pc-fresh-$1
  mkdir -p "$pc"
  : >"$tmp/wails.calls"
  printf 'mkdir -p %q && printf "Name: x\\nDescription: x\\nVersion: 2.40\\n" >%q/%s.pc\n' "$pc" "$pc" "$pkg" >"$tmp/deps-$pkg.sh"
  PKG_CONFIG_LIBDIR=$pc PKG_CONFIG_PATH= make --no-print-directory DEPS="bash $tmp/deps-$pkg.sh" WAILS="$tmp/wails" LOGS="$tmp/logs" \
    -o frontend/dist/index.html -o build/.stamps/bindings -W main.go deps build >"$tmp/first-$pkg.txt" 2>&1 || { cat "$tmp/first-$pkg.txt"; return 1; }
  local call
  call=$(grep '^build ' "$tmp/wails.calls") || return 1
  if [ -z "$want" ]; then [[ $call != *-tags* ]]; else [[ $call == *"$want"* ]]; fi
}
check "first run, deps installs WebKitGTK 4.0: built without a tag" first_run webkit2gtk-4.0 ""
check "first run, deps installs WebKitGTK 4.1: built with -tags webkit2_41" first_run webkit2gtk-4.1 "-tags webkit2_41"

no_go() {
  mkdir -p "$tmp/nogo"
  local t
  for t in make git find bash sh; do ln -sf "$(command -v "$t")" "$tmp/nogo/$t"; done
  ! PATH=$tmp/nogo make -n build >"$tmp/nogo.txt" 2>&1 && grep -q 'Go is not on PATH' "$tmp/nogo.txt" && ! grep -q '/bin/wails' "$tmp/nogo.txt"
}
check "without Go on PATH make says so in words" no_go

echo "make test"
keeps_going() {
  mkdir -p "$tmp/suites"
  printf 'test-a:\n\t@echo "a: 1 passed, 1 failed"; exit 1\ntest-b:\n\t@echo "b: 2 passed, 0 failed"\n' >"$tmp/suites/Makefile"
  ! (cd "$tmp/suites" && bash "$root/.ci/test-all.sh" test-a test-b >"$tmp/suites/out.txt" 2>&1) &&
    grep -qE 'test-a +FAILED .*1 passed, 1 failed' "$tmp/suites/out.txt" &&
    grep -qE 'test-b +passed .*2 passed, 0 failed' "$tmp/suites/out.txt" &&
    grep -q 'make test: 1 passed, 1 failed' "$tmp/suites/out.txt"
}
check "a failing suite does not stop the next; the summary lists both and the run fails" keeps_going

if [ -x build/bin/kinko ]; then
  nothing_to_do() { make -q build/.stamps/bindings frontend/dist/index.html build/bin/kinko; }
  check "after a build nothing is rebuilt when nothing changed (make -q)" nothing_to_do
else
  echo "  - nothing built yet: the no-change rebuild check did not run"
fi

echo "first-run: $passed passed, $failed failed"
((failed == 0))
