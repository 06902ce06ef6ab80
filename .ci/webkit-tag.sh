#!/usr/bin/env bash
# Prints the Go build tag for the WebKitGTK that is installed. The Makefile
# asks when it builds, not when make starts: on a fresh machine .ci/deps.sh
# installs WebKitGTK in between.
#   webkit2gtk-4.0 (Debian 12, Ubuntu 22.04)    prints nothing
#   only webkit2gtk-4.1 (Ubuntu 24.04 and later) prints webkit2_41
#   neither                                      says what to install, exits 1
set -euo pipefail
say() { printf 'webkit-tag: %s\n' "$*" >&2; }
command -v pkg-config >/dev/null ||
  { say "pkg-config がありません。先に 'bash .ci/deps.sh run' を実行してください / pkg-config is missing: run 'bash .ci/deps.sh run' first"; exit 1; }
if pkg-config --exists webkit2gtk-4.0; then exit 0; fi
if pkg-config --exists webkit2gtk-4.1; then echo webkit2_41; exit 0; fi
say "WebKitGTK の開発用パッケージがありません。'bash .ci/deps.sh run' で入ります / WebKitGTK development files are missing (libwebkit2gtk-4.0-dev or libwebkit2gtk-4.1-dev): run 'bash .ci/deps.sh run'"
exit 1
