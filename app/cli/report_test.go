package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/report/reporttest"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// TestLedgerAndFilingVerbs: on the demo vault, kinko report ledger writes
// the 管理台帳 as PDF and CSV, and kinko export filing writes the numbers
// of one client and purpose to a file only its owner can read — and never
// prints one.
func TestLedgerAndFilingVerbs(t *testing.T) {
	dir := wintest.TempDir(t)
	env := map[string]string{"KINKO_HOME": filepath.Join(dir, "pc"), "KINKO_PASSWORD": "kinko-demo-2026"}
	if _, stderr, code := run(t, env, "demo"); code != app.ExitOK {
		t.Fatal(stderr)
	}
	pdf := filepath.Join(dir, "台帳.pdf")
	stdout, stderr, code := run(t, env, "report", "ledger", "--as", "demo", "--file", pdf)
	if code != app.ExitOK || !strings.Contains(stdout, "管理台帳を作成しました") {
		t.Fatalf("ledger: %d %s %s", code, stdout, stderr)
	}
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if text := reporttest.Text(t, data); !strings.Contains(text, "【サンプル】株式会社さくら商事") {
		t.Fatal("the ledger PDF lacks the demo client")
	}
	csv := filepath.Join(dir, "台帳.csv")
	if _, stderr, code := run(t, env, "--lang", "en", "report", "ledger", "--as", "demo", "--file", csv, "--encoding", "shift_jis"); code != app.ExitOK {
		t.Fatal(stderr)
	}
	if b, _ := os.ReadFile(csv); !strings.HasPrefix(string(b), "Client code,") {
		t.Fatal("the English CSV's header")
	}
	if _, _, code := run(t, env, "report", "ledger", "--as", "demo", "--file", filepath.Join(dir, "台帳.docx")); code != app.ExitUsage {
		t.Fatalf("unknown format: exit %d", code)
	}

	out := filepath.Join(dir, "filing.csv")
	stdout, stderr, code = run(t, env, "export", "filing", "--as", "demo", "--client", "s-0001", "--purpose", "withholding_slip", "--file", out)
	if code != app.ExitOK || !strings.Contains(stdout, "人分を書き出しました") {
		t.Fatalf("filing: %d %s %s", code, stdout, stderr)
	}
	if regexp.MustCompile(`\d{12}|\d{4} \d{4} \d{4}`).MatchString(stdout + stderr) {
		t.Fatal("a number in the output")
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != wintest.Mode(0o600) {
		t.Fatalf("filing file mode: %v %v", fi, err)
	}
	if b, _ := os.ReadFile(out); !regexp.MustCompile(`,\d{12}\r?\n`).Match(b) {
		t.Fatal("the filing file has no numbers")
	}
	_, stderr, code = run(t, env, "export", "filing", "--as", "demo", "--client", "S-0001", "--purpose", "tax_return", "--file", filepath.Join(dir, "none.csv"))
	if code != app.ExitNotFound || !strings.Contains(stderr, "この利用目的で取得した個人番号がありません") {
		t.Fatalf("no number for the purpose: %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.csv")); !os.IsNotExist(err) {
		t.Fatal("a refused export left a file")
	}
	if _, stderr, code := run(t, env, "export", "filing", "--as", "demo", "--client", "X-9", "--purpose", "withholding_slip", "--file", out); code != app.ExitNotFound {
		t.Fatalf("unknown client: %d %s", code, stderr)
	}
}

// TestLogVerifyVerb: kinko log verify passes on a clean vault, and names the
// damage when a record file in the vault folder is altered.
func TestLogVerifyVerb(t *testing.T) {
	dir := wintest.TempDir(t)
	env := map[string]string{"KINKO_HOME": filepath.Join(dir, "pc"), "KINKO_PASSWORD": "kinko-demo-2026"}
	if _, stderr, code := run(t, env, "demo"); code != app.ExitOK {
		t.Fatal(stderr)
	}
	stdout, stderr, code := run(t, env, "log", "verify", "--as", "demo")
	if code != app.ExitOK || !strings.Contains(stdout, "改ざんは見つかりませんでした") {
		t.Fatalf("clean: %d\n%s\n%s", code, stdout, stderr)
	}
	segs, _ := filepath.Glob(filepath.Join(dir, "pc", "demo-vault", "journal", "*", "*.seg"))
	if len(segs) < 2 {
		t.Fatalf("the demo vault's segments: %v", segs)
	}
	b, _ := os.ReadFile(segs[0])
	b[len(b)/2] ^= 0x40
	if err := os.WriteFile(segs[0], b, 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code = run(t, env, "log", "verify", "--as", "demo")
	if code != app.ExitIntegrity || !strings.Contains(stdout, "壊れている") || !strings.Contains(stderr, "改ざんの跡") {
		t.Fatalf("tampered: %d\n%s\n%s", code, stdout, stderr)
	}
}

// TestLogExportAndReview: the period report and an incident report on a
// client, and the monthly review, from the command line.
func TestLogExportAndReview(t *testing.T) {
	dir, env := demoWithFiling(t)
	stdout, stderr, code := run(t, env, "log", "review", "--as", "demo", "--month", "2026-10", "--note", "異常なし")
	if code != app.ExitOK || !strings.Contains(stdout, "2026-10") {
		t.Fatalf("review: %d %s %s", code, stdout, stderr)
	}
	pdf := filepath.Join(dir, "log.pdf")
	stdout, stderr, code = run(t, env, "log", "export", "--as", "demo", "--file", pdf, "--from", "2020-01-01")
	if code != app.ExitOK || !strings.Contains(stdout, "件を保存しました") {
		t.Fatalf("export: %d %s %s", code, stdout, stderr)
	}
	b, _ := os.ReadFile(pdf)
	text := strings.Join(strings.Fields(reporttest.Text(t, b)), "")
	for _, want := range []string{"提出用データの書き出し", "アクセスログの点検"} {
		if !strings.Contains(text, want) {
			t.Errorf("the log report lacks %q", want)
		}
	}
	csv := filepath.Join(dir, "incident.csv")
	if _, stderr, code := run(t, env, "log", "export", "--as", "demo", "--file", csv, "--client", "S-0001", "--encoding", "shift_jis"); code != app.ExitOK {
		t.Fatal(stderr)
	}
	// An incident report on one person of the demo (spaces in the name do not matter).
	name := "【サンプル】鈴木一郎"
	stdout, stderr, code = run(t, env, "log", "export", "--as", "demo", "--file", pdf, "--client", "S-0001", "--person", name)
	if code != app.ExitOK {
		t.Fatalf("person report: %s", stderr)
	}
	b, _ = os.ReadFile(pdf)
	if text := strings.Join(strings.Fields(reporttest.Text(t, b)), ""); !strings.Contains(text, "鈴木一郎") {
		t.Error("the person's report does not name the person")
	}
	if _, _, code := run(t, env, "log", "export", "--as", "demo", "--file", csv, "--client", "S-0001", "--person", "存在 しない"); code != app.ExitNotFound {
		t.Fatalf("unknown person: %d", code)
	}
	if _, _, code := run(t, env, "log", "export", "--as", "demo", "--file", csv, "--person", name); code != app.ExitUsage {
		t.Fatalf("a person without a client: %d", code)
	}
	if _, _, code := run(t, env, "log", "export", "--as", "demo", "--file", csv, "--user", "nobody"); code != app.ExitNotFound {
		t.Fatalf("unknown user: %d", code)
	}
	if _, _, code := run(t, env, "log", "review", "--as", "demo", "--month", "October"); code != app.ExitUsage {
		t.Fatalf("bad month: %d", code)
	}
}

// TestLogList: kinko log list shows the entries a filter selects, newest
// first, in words and never with a number; reading the log is logged.
func TestLogList(t *testing.T) {
	_, env := demoWithFiling(t)
	stdout, stderr, code := run(t, env, "log", "list", "--as", "demo", "--sensitive", "--client", "S-0001", "--from", "R2.1.1")
	if code != app.ExitOK {
		t.Fatalf("list: %d %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) < 2 || !strings.Contains(lines[0], "提出用データの書き出し") || !strings.Contains(lines[0], "源泉徴収票") || !regexp.MustCompile(`^令和\d+年`).MatchString(lines[0]) {
		t.Fatalf("the newest data-out entry of S-0001 comes first, in words:\n%s", stdout)
	}
	if strings.Contains(lines[0], "［") {
		t.Errorf("an entry of an earlier run, which its closing checkpoint signed, is marked: %q", lines[0])
	}
	if !strings.Contains(lines[len(lines)-1], "件を表示しました") {
		t.Errorf("the last line counts: %q", lines[len(lines)-1])
	}
	if regexp.MustCompile(`\d{12}`).MatchString(stdout) {
		t.Error("a 12-digit number in the output")
	}
	stdout, _, code = run(t, env, "log", "list", "--as", "demo", "--action", "log.view", "--limit", "1", "--json")
	if code != app.ExitOK || !strings.Contains(stdout, `"total": 1`) || !strings.Contains(stdout, `"action": "log.view"`) || !strings.Contains(stdout, `"trust": "verified"`) {
		t.Fatalf("the first list was logged, and signed when it closed: %s", stdout)
	}
	// This run's own login: no checkpoint covers it yet.
	stdout, _, code = run(t, env, "log", "list", "--as", "demo", "--action", "login", "--user", "demo", "--limit", "1")
	if code != app.ExitOK || !strings.Contains(stdout, "［未確認］") || !strings.Contains(stdout, "署名でまだ確認されていない記録も含みます") {
		t.Fatalf("an entry not yet signed is marked, and a list by user says so: %s", stdout)
	}
	if _, _, code := run(t, env, "log", "list", "--as", "demo", "--client", "NOPE"); code != app.ExitNotFound {
		t.Fatalf("unknown client: %d", code)
	}
	if _, _, code := run(t, env, "log", "list", "--as", "demo", "--from", "someday"); code == app.ExitOK {
		t.Fatal("a bad date was accepted")
	}
}

// demoWithFiling makes the demo vault in a temp dir and writes one
// government-form export from it, so the log holds a data-out entry.
func demoWithFiling(t *testing.T) (dir string, env map[string]string) {
	t.Helper()
	dir = wintest.TempDir(t)
	env = map[string]string{"KINKO_HOME": filepath.Join(dir, "pc"), "KINKO_PASSWORD": "kinko-demo-2026"}
	if _, stderr, code := run(t, env, "demo"); code != app.ExitOK {
		t.Fatal(stderr)
	}
	if _, stderr, code := run(t, env, "export", "filing", "--as", "demo", "--client", "S-0001", "--purpose", "withholding_slip", "--file", filepath.Join(dir, "f.csv")); code != app.ExitOK {
		t.Fatal(stderr)
	}
	return dir, env
}
