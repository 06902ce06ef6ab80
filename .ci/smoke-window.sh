#!/usr/bin/env bash
# Real-window smoke test: creates a vault with the built binary's CLI
# (real scrypt cost), starts the window under Xvfb with a throw-away HOME,
# checks by OCR that the Japanese login screen is rendered (not empty
# boxes), logs in by typing the password with xdotool, checks the shell's
# menu, clicks 設定, and saves screenshots under build/shots/. The password
# is a throw-away test value passed through the environment, never argv.
# At the end it closes the window and checks that nothing it started is left
# running: Xvfb, the session bus (dbus-daemon) and what the bus started
# (at-spi). Prints "smoke: N passed, N failed", counting every check that ran.
#
# usage: .ci/smoke-window.sh [path/to/kinko]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/bin/kinko}
shots=$root/build/shots
mkdir -p "$shots"
rm -f "$shots"/window-*.png # a failed run's pictures must not pass for this run's
work=$(mktemp -d)
passed=0 failed=0

# Every process this run starts carries KINKO_SMOKE=$work in its environment,
# also those the session bus starts on its own (at-spi); this shell does not.
mark=KINKO_SMOKE=$work
ours() { # ours [NAME-PATTERN]: the pids of this run's processes still running
  local p
  for p in $(pgrep -u "$(id -u)" "${1:-.}"); do
    grep -qzx "$mark" "/proc/$p/environ" 2>/dev/null && echo "$p"
  done
}

cleanup() { # a safety net: whatever is still running is killed
  local left
  left=$(ours)
  if [ -n "$left" ]; then kill $left 2>/dev/null; sleep 1; left=$(ours); [ -z "$left" ] || kill -KILL $left 2>/dev/null; fi
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The result lines go to the terminal (fd 3) even when a check's own output is
# redirected, so every counted check shows its line.
exec 3>&1
check() { # check NAME COMMAND...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "  ✓ $name" >&3
  else failed=$((failed + 1)); echo "  ✗ $name" >&3; fi
}

# ocr_has FILE MIN WORD...: true when OCR of FILE finds at least MIN of the
# WORDs. OCR of small UI text misses a word now and then; empty boxes (no CJK
# font) match none.
ocr_has() {
  local file=$1 min=$2; shift 2
  # UI text is small: enlarge, greyscale, and read it as one uniform block.
  convert "$file" -resize 200% -colorspace Gray "$work/ocr.png" &&
    tesseract "$work/ocr.png" - -l jpn --psm 6 2>/dev/null | tr -d ' \n' > "$work/ocr.txt"
  local w found=0
  for w in "$@"; do grep -q "$w" "$work/ocr.txt" && found=$((found + 1)); done
  ((found >= min))
}

# wait_for_text FILE TIMEOUT MIN WORD...: screenshots until OCR finds MIN of the words.
wait_for_text() {
  local file=$1 timeout=$2 min=$3; shift 3
  local deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    import -window root "$file" 2>/dev/null && ocr_has "$file" "$min" "$@" && return 0
    sleep 1
  done
  echo "    OCR saw: $(head -c 300 "$work/ocr.txt")"
  return 1
}

export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data \
  XDG_CACHE_HOME=$work/cache XDG_RUNTIME_DIR=$work/run LANG=ja_JP.UTF-8 NO_AT_BRIDGE=1
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# A free display: another X server may take the number between the check
# and Xvfb's start (then Xvfb exits at once), so a display counts only once
# this Xvfb answers on it.
xvfb=
for n in $(seq 90 140); do
  [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] && continue
  export DISPLAY=:$n
  env "$mark" Xvfb "$DISPLAY" -screen 0 1440x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
  xvfb=$!
  for _ in $(seq 100); do
    kill -0 "$xvfb" 2>/dev/null || break
    xdotool getdisplaygeometry >/dev/null 2>&1 && break 2
    sleep 0.1
  done
  kill "$xvfb" 2>/dev/null; wait "$xvfb" 2>/dev/null
  echo "  (display :$n did not come up: $(head -c 200 "$work/xvfb.log"))" >&3
  xvfb=
done
[ -n "$xvfb" ] || { echo "smoke: no X display could be started"; exit 1; }

check "kinko version runs from the built binary" "$bin" version
export KINKO_PASSWORD=smoke-test-password
# Its output (the test vault's recovery key) stays out of the CI log.
check "kinko vault init creates a vault" "$bin" vault init --folder "$work/vault" --name スモーク税理士事務所 --login shocho --user-name 山田 --handler --sheet "$work/sheet.html" >"$work/init.txt"
check "the recovery sheet is written" grep -q '<svg' "$work/sheet.html"
unset KINKO_PASSWORD
env "$mark" dbus-run-session -- "$bin" >"$work/app.log" 2>&1 &
session=$!

wid=$(timeout 60 xdotool search --sync --onlyvisible --name 'Kinko' 2>/dev/null | head -n1)
check "the window opens" test -n "$wid"
if [ -n "$wid" ]; then
  xdotool windowmove "$wid" 0 0 windowactivate "$wid" 2>/dev/null
  check "Japanese login screen is rendered (OCR)" wait_for_text "$shots/window-login-ja.png" 60 2 スモーク税理士事務所 ユーザー パスワード ログイン 山田
  # The only user is preselected and the password field has the focus.
  xdotool type --delay 30 "smoke-test-password"
  xdotool key Return
  check "login opens the shell; Japanese menu is rendered (OCR)" wait_for_text "$shots/window-ja.png" 60 4 顧客 マイナンバー バックアップ 共有パッケージ アクセスログ ユーザーと権限 同期と検証 設定
  # 設定 is the eighth menu item (40 px each, below the brand).
  xdotool mousemove --window "$wid" 74 395 click 1
  check "設定 opens by click (OCR)" wait_for_text "$shots/window-settings-ja.png" 30 2 表示言語 パスワードを変更 現在のパスワード 新しいパスワード このアプリについて
fi

# Closing the window ends dbus-run-session, which ends its bus; what the bus
# started must end with it.
closes() {
  local app
  app=$(ours '^kinko$')
  [ -n "$app" ] && kill $app
  for _ in $(seq 100); do kill -0 "$session" 2>/dev/null || break; sleep 0.1; done
  ! kill -0 "$session" 2>/dev/null
}
check "closing the window ends its session" closes
nothing_left() { # only Xvfb may still run: the cleanup ends it
  local left=() _
  for _ in $(seq 50); do
    left=($(ours | grep -vx "$xvfb"))
    ((${#left[@]} == 0)) && return 0
    sleep 0.1
  done
  local p
  for p in "${left[@]}"; do echo "    still running: $p $(cat "/proc/$p/comm" 2>/dev/null)"; done
  return 1
}
check "nothing the window started is left running: dbus-daemon, at-spi, WebKit (pgrep)" nothing_left
if ((failed > 0)); then echo "--- app log"; tail -n 30 "$work/app.log"; fi
echo "smoke: $passed passed, $failed failed"
((failed == 0))
