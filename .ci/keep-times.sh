#!/usr/bin/env bash
# keep-times.sh DIR COMMAND...: runs COMMAND, then gives every file in DIR
# whose content COMMAND did not change its old modification time back. Wails
# rewrites the generated bindings (frontend/src/bridge/wailsjs) on every
# `generate module` and `build`, which would make the frontend look changed
# and rebuild it, and then the binary, every time.
set -euo pipefail
dir=$1; shift
before=$(mktemp -d)
trap 'rm -rf "$before"' EXIT
cp -a "$dir/." "$before/"
"$@"
(cd "$before" && find . -type f -print0) | while IFS= read -r -d '' f; do
  if cmp -s "$before/$f" "$dir/$f"; then touch -r "$before/$f" "$dir/$f"; fi
done
