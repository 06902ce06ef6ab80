#!/usr/bin/env bash
# The CLI's vault, import, export and verify flows, run with kinko.exe under
# Wine as an office would on Windows: every folder has a Japanese name, the
# program itself sits in one, and the vault folder is also reached as a UNC
# share path (\\nas\事務所\…) and a \\?\ long path. Passwords come from a
# file or the environment, never argv (docs/cli.md).
#
# Called by .ci/windows-lane.sh, which exports WINEPREFIX and friends.
# usage: cli-flow.sh OUT   prints "ok   step" or "FAIL step: why" per step.
#   KINKO_EXE   the kinko.exe to drive; otherwise built here as `wails build
#               -platform windows/amd64` builds it (same tags and flags)
#
# What Wine offers for a shared folder (docs/testing.md):
#   \\nas\share\…           yes, through $WINEPREFIX/dosdevices/unc/nas/share,
#                           a symlink to a Unix folder: a real UNC path to Go
#   \\?\UNC\nas\share\…     yes, the same
#   \\?\C:\…, \\.\C:\…      yes
#   N:\…                    yes, through $WINEPREFIX/dosdevices/n: (a mapped drive)
#   \\localhost\C$\…        no: Wine has no SMB client nor admin shares
set -uo pipefail
out=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
: "${WINEPREFIX:?run from .ci/windows-lane.sh}"
export LC_ALL=C.UTF-8   # Wine turns argv into UTF-16 by the Unix locale
export KINKO_LANG=ja
unset KINKO_HOME KINKO_PASSWORD KINKO_NEW_PASSWORD KINKO_RECOVERY_KEY

failed=0
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failed=1; }

exe=${KINKO_EXE:-}
if [ -z "$exe" ]; then
  exe=$out/kinko.exe
  (cd "$root" && GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build \
    -tags desktop,wv2runtime.download,production \
    -ldflags "-X github.com/kinko-jp/kinko/app.Version=0.0.0-wine -w -s -H windowsgui" \
    -o "$exe" .) || { fail "build kinko.exe"; exit 1; }
fi
file "$exe" | grep -q 'PE32+ executable (GUI) x86-64' || { fail "$exe is not a Windows GUI x86-64 program"; exit 1; }

# C:\users\Public\金庫テスト on the Windows side.
win='C:\users\Public\金庫テスト'
base=$WINEPREFIX/drive_c/users/Public/金庫テスト
rm -rf "$base" && mkdir -p "$base/プログラム" "$base/入出力"
cp "$exe" "$base/プログラム/kinko.exe"
# The office NAS: \\nas\事務所 is $base, so \\nas\事務所\共有フォルダ is the
# vault folder C:\…\金庫テスト\共有フォルダ seen as a network share.
mkdir -p "$WINEPREFIX/dosdevices/unc/nas"
ln -sfn "$base" "$WINEPREFIX/dosdevices/unc/nas/事務所"

password='Yamada-Zeirishi-7c9k2'  # a throw-away vault's; never on a command line
printf '%s\n' "$password" >"$base/入出力/パスワード.txt"

# kinko STEP WANT_RC [VAR=value…] -- args…: runs kinko.exe under Wine; the
# output is in $stdout/$stderr and shown (recovery key withheld) on failure.
stdout=$out/flow.stdout stderr=$out/flow.stderr
kinko() {
  local step=$1 want=$2 rc vars=()
  shift 2
  while [ "$1" != -- ]; do vars+=("$1"); shift; done
  shift
  env "${vars[@]}" wine "$win\\プログラム\\kinko.exe" "$@" >"$stdout" 2>"$stderr"
  rc=$?
  if grep -qF "$password" "$stdout" "$stderr"; then
    fail "$step: the password appeared in the output"
    return 1
  fi
  if [ "$rc" != "$want" ]; then
    fail "$step: exit $rc, want $want"
    sed -E 's/^  ([0-9A-Z]{5} ){5,}.*/  [recovery key withheld]/; s/^/    | /' "$stdout" "$stderr"
    return 1
  fi
}
# expect STEP FILE TEXT: FILE (stdout, stderr or a file) contains TEXT.
expect() {
  if grep -qF -- "$3" "$2"; then ok "$1"; else
    fail "$1: no \"$3\" in $(basename "$2")"
    sed -E 's/^  ([0-9A-Z]{5} ){5,}.*/  [recovery key withheld]/; s/^/    | /' "$2" | head -20
  fi
}

pc1=(KINKO_HOME="$win\\PC1データ")
pc2=(KINKO_HOME="$win\\PC2データ")
pc3=(KINKO_HOME="$win\\PC3データ")
pc4=(KINKO_HOME="$win\\PC4データ")
pwfile=(--password-file "$win\\入出力\\パスワード.txt")

kinko "version" 0 -- version && expect "version" "$stdout" "windows/amd64"

kinko "vault init in a Japanese folder (password from the environment)" 0 "${pc1[@]}" KINKO_PASSWORD="$password" -- \
  vault init --folder "$win\\共有フォルダ" --name 山田税理士事務所 --login shocho --user-name '山田 太郎' \
  --sheet "$win\\回復シート.html" &&
  expect "vault init in a Japanese folder (password from the environment)" "$stdout" "金庫「山田税理士事務所」を作成しました"
[ -s "$base/回復シート.html" ] && ok "recovery sheet written to a Japanese path" || fail "no recovery sheet at $win\\回復シート.html"
[ -f "$base/共有フォルダ/kinko-vault.json" ] && ok "vault folder made" || fail "no kinko-vault.json in $win\\共有フォルダ"

# Shift_JIS (CP932, as Excel saves it) with a character only CP932 has.
printf '顧問先コード,名称,フリガナ,決算月\r\nA-1,株式会社あおば,あおば,3\r\nA-2,株式会社みどり,みどり,9\r\nA-3,髙橋商店,たかはししょうてん,12\r\n' |
  iconv -f UTF-8 -t CP932 >"$base/入出力/顧問先一覧.csv"
kinko "import clients (Shift_JIS, password file)" 0 "${pc1[@]}" -- \
  import clients --as shocho "${pwfile[@]}" --file "$win\\入出力\\顧問先一覧.csv" &&
  expect "import clients (Shift_JIS, password file)" "$stdout" "3 件を取り込みました"

printf '顧問先コード,名称,郵便番号\nA-4,株式会社そら,12\n' >"$base/入出力/不正.csv"
kinko "import of a bad file is refused whole" 6 "${pc1[@]}" -- \
  import clients --as shocho "${pwfile[@]}" --file "$win\\入出力\\不正.csv" &&
  expect "import of a bad file is refused whole" "$stderr" "何も取り込みませんでした"

kinko "wrong password" 3 "${pc1[@]}" KINKO_PASSWORD=not-the-password -- \
  export clients --as shocho --file "$win\\入出力\\x.csv" &&
  expect "wrong password" "$stderr" "パスワードが違います"

mkdir -p "$base/書き出し"
kinko "export clients to a Japanese path" 0 "${pc1[@]}" KINKO_PASSWORD="$password" -- \
  export clients --as shocho --file "$win\\書き出し\\顧問先_書き出し.csv" --encoding shift_jis &&
  expect "export clients to a Japanese path" "$stdout" "3 件を書き出しました"
exported=$out/exported.csv
iconv -f CP932 -t UTF-8 "$base/書き出し/顧問先_書き出し.csv" >"$exported" 2>/dev/null || : >"$exported"
expect "exported file holds the imported clients" "$exported" "髙橋商店"
if grep -qF "株式会社そら" "$exported"; then fail "the refused file's row was exported"; else ok "the refused file left nothing"; fi

kinko "vault verify" 0 "${pc1[@]}" -- vault verify && ok "vault verify"

kinko "vault join through the UNC share \\\\nas\\事務所" 0 "${pc2[@]}" -- vault join --folder '\\nas\事務所\共有フォルダ' &&
  expect "vault join through the UNC share \\\\nas\\事務所" "$stdout" "参加しました"
kinko "export on the PC that joined through UNC" 0 "${pc2[@]}" -- \
  export clients --as shocho "${pwfile[@]}" --file "$win\\書き出し\\PC2.csv" &&
  expect "export on the PC that joined through UNC" "$stdout" "3 件を書き出しました"
kinko "vault verify through UNC" 0 "${pc2[@]}" -- vault verify && ok "vault verify through UNC"
kinko "log verify through UNC" 0 "${pc2[@]}" -- log verify --as shocho "${pwfile[@]}" && ok "log verify through UNC"

kinko "vault join through a \\\\?\\ long path" 0 "${pc3[@]}" -- vault join --folder "\\\\?\\$win\\共有フォルダ" &&
  expect "vault join through a \\\\?\\ long path" "$stdout" "参加しました"
kinko "vault verify through a \\\\?\\ long path" 0 "${pc3[@]}" -- vault verify && ok "vault verify through a \\\\?\\ long path"

# A mapped network drive: N: is the NAS's share, as an office maps it.
ln -sfn "$base" "$WINEPREFIX/dosdevices/n:"
kinko "vault join through a mapped drive N:" 0 "${pc4[@]}" -- vault join --folder 'N:\共有フォルダ' &&
  expect "vault join through a mapped drive N:" "$stdout" "参加しました"
kinko "vault verify through N:" 0 "${pc4[@]}" -- vault verify && ok "vault verify through N:"
rm -f "$WINEPREFIX/dosdevices/n:"

wineserver -w
exit $failed
