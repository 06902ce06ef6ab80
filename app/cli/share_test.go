package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/share"
	"github.com/kinko-jp/kinko/internal/treehash"
)

// TestShareVerbs runs kinko share as a script would on a real vault: a
// planted My Number stops the package (where, never what; nothing
// written), a staff member cannot override, a clean package is made and
// its passphrase printed once; open takes the passphrase from a file, never
// argv, refuses existing names unless told, and the files are identical;
// the register lists the package; an envelope page is written; a bad
// expiry is a usage error.
func TestShareVerbs(t *testing.T) {
	shocho := newOffice(t)
	dir := filepath.Dir(shocho["KINKO_HOME"])
	clients := filepath.Join(dir, "clients.csv")
	os.WriteFile(clients, []byte("顧問先コード,名称,フリガナ\nA-1,株式会社あおば,あおば\n"), 0o600)
	people := filepath.Join(dir, "people.csv")
	os.WriteFile(people, []byte("顧問先コード,氏名,フリガナ,役割\nA-1,青葉 一郎,あおば いちろう,従業員\n"), 0o600)
	for _, kind := range []string{"clients", "people"} {
		if _, errOut, code := run(t, shocho, "import", kind, "--as", "shocho", "--file", filepath.Join(dir, kind+".csv")); code != app.ExitOK {
			t.Fatalf("import %s: %s", kind, errOut)
		}
	}
	if _, errOut, code := run(t, with(shocho, "KINKO_NEW_PASSWORD", "suzuki-pw-X7c9k2-1"), "user", "add", "--as", "shocho", "--login", "suzuki",
		"--name", "鈴木", "--role", "staff", "--default", "edit"); code != app.ExitOK {
		t.Fatalf("add: %s", errOut)
	}
	sato := with(shocho, "KINKO_PASSWORD", "sato-pw-X7c9k2-1")     // 閲覧のみ
	suzuki := with(shocho, "KINKO_PASSWORD", "suzuki-pw-X7c9k2-1") // 編集, no handler
	src := filepath.Join(dir, "送るもの")
	os.MkdirAll(filepath.Join(src, "決算"), 0o755)
	os.WriteFile(filepath.Join(src, "決算", "2026年3月期.csv"), []byte("科目,金額\n売上,1000\n"), 0o644)
	d, _ := mynumber.IndividualCheckDigit("12345678901")
	number := "12345678901" + strconv.Itoa(d)
	planted := filepath.Join(src, "従業員.csv")
	os.WriteFile(planted, []byte("氏名,番号\n青葉 一郎,"+number+"\n"), 0o644)
	out := filepath.Join(dir, "送信")
	create := func(env map[string]string, extra ...string) (string, string, app.ExitCode) {
		args := append([]string{"share", "create", "--as", env["as"], "--client", "A-1", "--to", "青葉一郎", "--purpose", "決算書の確認", "--out", out}, extra...)
		return run(t, env, append(args, src)...)
	}
	shocho["as"], sato["as"], suzuki["as"] = "shocho", "sato", "suzuki"

	stdout, stderr, code := create(shocho)
	if code != app.ExitDenied || stdout != "" || !strings.Contains(stderr, "マイナンバー（個人番号）: 送るもの/従業員.csv 2 行目") ||
		!strings.Contains(stderr, "マイナンバー（個人番号）が 1 件") || strings.Contains(stdout+stderr, number) {
		t.Fatalf("planted number: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if _, stderr, code := create(sato); code != app.ExitDenied || !strings.Contains(stderr, "閲覧のみ") {
		t.Fatalf("create by a read-only user: exit %d %s", code, stderr)
	}
	if _, stderr, code := create(suzuki, "--override-mynumber", "withholding_slip", "--reason", "確認"); code != app.ExitDenied || !strings.Contains(stderr, "事務取扱担当者だけ") {
		t.Fatalf("override by staff: exit %d %s", code, stderr)
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 {
		t.Fatalf("refused packages wrote %d files", len(ents))
	}
	if _, stderr, code := create(shocho, "--expires", "2099-01-01"); code != app.ExitUsage || !strings.Contains(stderr, "366 日以内") {
		t.Fatalf("expiry too far: exit %d %s", code, stderr)
	}

	os.Remove(planted)
	stdout, stderr, code = create(shocho, "--expires", "+7d")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != app.ExitOK || len(lines) != 6 || !strings.Contains(lines[0], "一度だけ") || !strings.HasPrefix(lines[2], "  読み: ") {
		t.Fatalf("create: exit %d\n%s\n%s", code, stdout, stderr)
	}
	pass, pkg := strings.TrimSpace(lines[1]), strings.TrimSpace(lines[5])
	if strings.Count(pass, "-") < 5 || strings.Count(stdout, pass) != 1 || strings.Contains(stderr, pass) || !strings.HasSuffix(pkg, ".html") {
		t.Fatalf("passphrase and package: %q", lines[5])
	}
	if _, err := os.Stat(pkg); err != nil {
		t.Fatal(err)
	}

	target := filepath.Join(dir, "受信")
	if _, stderr, code := run(t, shocho, "share", "open", "--as", "shocho", "--to", target, pkg); code != app.ExitUsage || !strings.Contains(stderr, "kinko:") {
		t.Fatalf("open without a passphrase source: exit %d %s", code, stderr)
	}
	passFile := writeFile(t, dir, strings.ToUpper(strings.ReplaceAll(pass, "-", " ")))
	stdout, stderr, code = run(t, shocho, "share", "open", "--as", "shocho", "--to", target, "--passphrase-file", passFile, pkg)
	if code != app.ExitOK || !strings.Contains(stdout, "山田税理士事務所（山田 太郎）からの 1 ファイル") {
		t.Fatalf("open: exit %d\n%s\n%s", code, stdout, stderr)
	}
	want, _ := treehash.Sums(src)
	got, _ := treehash.Sums(filepath.Join(target, "送るもの"))
	if len(got) != 1 || got["決算/2026年3月期.csv"] != want["決算/2026年3月期.csv"] {
		t.Fatalf("opened %v, want %v", got, want)
	}
	wrong := with(shocho, "KINKO_SHARE_PASSPHRASE", "sakura-mikan")
	if _, stderr, code := run(t, wrong, "share", "open", "--as", "shocho", "--to", filepath.Join(dir, "x"), pkg); code != app.ExitAuth || !strings.Contains(stderr, "パスフレーズが違います") {
		t.Fatalf("wrong passphrase: exit %d %s", code, stderr)
	}
	again := with(shocho, "KINKO_SHARE_PASSPHRASE", pass)
	if _, stderr, code := run(t, again, "share", "open", "--as", "shocho", "--to", target, pkg); code != app.ExitData || !strings.Contains(stderr, "2026年3月期.csv") {
		t.Fatalf("open over existing files: exit %d %s", code, stderr)
	}
	if _, stderr, code := run(t, again, "share", "open", "--as", "shocho", "--to", target, "--keep-both", pkg); code != app.ExitOK {
		t.Fatalf("open --keep-both: exit %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(target, "送るもの", "決算", "2026年3月期 (2).csv")); err != nil {
		t.Fatalf("keep both: %v", err)
	}

	stdout, _, code = run(t, shocho, "share", "list", "--as", "shocho")
	if code != app.ExitOK || !strings.Contains(stdout, "送信") || !strings.Contains(stdout, "青葉 一郎") || !strings.Contains(stdout, "決算書の確認") {
		t.Fatalf("list: exit %d\n%s", code, stdout)
	}
	stdout, _, _ = run(t, shocho, "share", "list", "--as", "shocho", "--client", "A-1", "--json")
	var rows []app.ShareRecord
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil || len(rows) != 1 || len(rows[0].Files) != 1 || rows[0].Files[0].SHA256 != want["決算/2026年3月期.csv"] {
		t.Fatalf("list --json: %v %s", err, stdout)
	}

	page := filepath.Join(dir, "封筒.html")
	stdout, stderr, code = run(t, shocho, "share", "envelope", "--as", "shocho", "--client", "A-1", "--to", "青葉 一郎", "--out", page)
	envID := regexp.MustCompile(`ID ([0-9a-f]{16})`).FindStringSubmatch(stdout)
	if code != app.ExitOK || !strings.Contains(stdout, "返信用封筒を") || envID == nil {
		t.Fatalf("envelope: exit %d %s %s", code, stdout, stderr)
	}
	b, err := os.ReadFile(page)
	rcpt := regexp.MustCompile(`age1[02-9ac-hj-np-z]{58}`).Find(b)
	if err != nil || rcpt == nil {
		t.Fatalf("envelope page: %v", err)
	}

	// What the client's browser makes with the envelope: a return
	// package to its key. It needs no passphrase and is filed under the
	// client.
	r, err := age.ParseX25519Recipient(string(rcpt))
	if err != nil {
		t.Fatal(err)
	}
	items, err := share.Collect([]string{filepath.Join(src, "決算")})
	if err != nil {
		t.Fatal(err)
	}
	ret := filepath.Join(dir, "返送.age")
	if _, err := share.CreateFile(t.Context(), ret, items, share.CreateOptions{Recipients: []age.Recipient{r},
		Manifest: share.Manifest{Kind: share.KindReturn, Office: "山田税理士事務所", Client: "株式会社あおば", Sender: "青葉", Envelope: envID[1]}}, nil); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code = run(t, shocho, "share", "open", "--as", "shocho", "--to", filepath.Join(dir, "返送"), ret)
	if code != app.ExitOK || !strings.Contains(stdout, "株式会社あおば（青葉）から返送された 1 ファイル") {
		t.Fatalf("receive: exit %d\n%s\n%s", code, stdout, stderr)
	}
	stdout, _, _ = run(t, shocho, "share", "list", "--as", "shocho")
	if !strings.Contains(stdout, "受信") {
		t.Fatalf("list after a return:\n%s", stdout)
	}
}
