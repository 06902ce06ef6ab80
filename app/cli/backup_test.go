package cli_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/app/cli"
	"github.com/kinko-jp/kinko/app/i18n"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

func treeSums(t *testing.T, root string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = sha256.Sum256(b)
		return nil
	})
	return out
}

// TestBackupVerbs runs every kinko backup verb on a real vault, folder
// and destination, as a script or a scheduled task would: plans by a
// 責任者 only, runs without a login (the keychain keeps the password),
// restores byte-identical and never over an existing folder, the same
// codes and exit codes as the window, and one entry per verb.
func TestBackupVerbs(t *testing.T) {
	dir := wintest.TempDir(t)
	cat, err := i18n.Load(os.DirFS("../../frontend/src/locales"), ".")
	if err != nil {
		t.Fatal(err)
	}
	kc := keychain.NewMemory() // this PC's keychain, across the verbs
	home := filepath.Join(dir, "pc-a")
	kinko := func(env map[string]string, args ...string) (string, string, app.ExitCode) {
		var out, errOut bytes.Buffer
		e := &cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return env[k] }, Cat: cat,
			DataDir: home, Keys: &keys.Options{WorkFactor: 10}, Keychain: kc}
		code := cli.Main(t.Context(), cli.Root(), args, e)
		return out.String(), errOut.String(), code
	}
	ja := map[string]string{"KINKO_LANG": "ja"}
	shocho := map[string]string{"KINKO_LANG": "ja", "KINKO_PASSWORD": "shocho-pw-X7c9k2-1"}
	sato := map[string]string{"KINKO_LANG": "ja", "KINKO_PASSWORD": "sato-pw-X7c9k2-1"}
	src := filepath.Join(dir, "事務所", "顧問先資料")
	for name, body := range map[string]string{"決算/2026.xlsx": "xlsx", "スキャン/領収書.pdf": strings.Repeat("p", 5000), "~$2026.xlsx": "lock"} {
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	dest := filepath.Join(dir, "USB", "バックアップ")
	target := filepath.Join(dir, "復元")

	var planID, snapID string
	steps := []struct {
		name   string
		env    map[string]string
		args   func() []string
		code   app.ExitCode
		stdout string
		stderr string
		after  func(stdout string)
	}{
		{"init", shocho, func() []string {
			return []string{"vault", "init", "--folder", filepath.Join(dir, "NAS"), "--name", "山田税理士事務所", "--login", "shocho", "--sheet", filepath.Join(dir, "sheet.html")}
		}, app.ExitOK, "", "", nil},
		{"add staff", map[string]string{"KINKO_PASSWORD": "shocho-pw-X7c9k2-1", "KINKO_NEW_PASSWORD": "sato-pw-X7c9k2-1"}, func() []string {
			return []string{"user", "add", "--as", "shocho", "--login", "sato", "--name", "佐藤", "--role", "staff"}
		}, app.ExitOK, "", "", nil},
		{"status without plans", ja, func() []string { return []string{"backup", "status"} }, app.ExitOK, "バックアップ設定がありません", "", nil},
		{"staff cannot add a plan", sato, func() []string {
			return []string{"backup", "plan", "add", "--as", "sato", "--name", "毎日", "--source", src, "--dest", dest}
		}, app.ExitDenied, "", "責任者だけ", nil},
		{"add without --as", ja, func() []string { return []string{"backup", "plan", "add", "--name", "x", "--dest", dest} }, app.ExitUsage, "", "", nil},
		{"add a plan", shocho, func() []string {
			return []string{"backup", "plan", "add", "--as", "shocho", "--name", "毎日", "--vault-folder", "--source", src, "--dest", dest, "--label", "USB（BUFFALO）", "--exclude", "*.tmp", "--json"}
		}, app.ExitOK, "", "", func(out string) {
			var p app.BackupPlan
			if err := json.Unmarshal([]byte(out), &p); err != nil || p.ID == "" {
				t.Fatalf("plan add --json: %v %s", err, out)
			}
			planID = p.ID
		}},
		{"a source that does not exist", shocho, func() []string {
			return []string{"backup", "plan", "add", "--as", "shocho", "--name", "x", "--source", filepath.Join(dir, "ない"), "--dest", dest}
		}, app.ExitNotFound, "", "見つかりません", nil},
		{"show", ja, func() []string { return []string{"backup", "plan", "show"} }, app.ExitOK, "USB（BUFFALO）", "", nil},
		{"run without a login", ja, func() []string { return []string{"backup", "run"} }, app.ExitOK, "成功", "", nil},
		{"status", ja, func() []string { return []string{"backup", "status"} }, app.ExitOK, "正常", "", nil},
		{"list", ja, func() []string { return []string{"backup", "list", "--plan", planID, "--json"} }, app.ExitOK, "", "", func(out string) {
			var snaps []app.BackupSnapshot
			if err := json.Unmarshal([]byte(out), &snaps); err != nil || len(snaps) != 2 {
				t.Fatalf("list --json: %v %s", err, out)
			}
			for _, s := range snaps {
				if s.Source == src {
					snapID = s.ID
				}
			}
		}},
		{"list as a table", ja, func() []string { return []string{"backup", "list", "--plan", planID} }, app.ExitOK, "スナップショット", "", nil},
		{"history", ja, func() []string { return []string{"backup", "list", "--plan", planID, "--history"} }, app.ExitOK, "成功", "", nil},
		{"restore needs a login", ja, func() []string {
			return []string{"backup", "restore", "--plan", planID, "--snapshot", snapID, "--to", target}
		}, app.ExitUsage, "", "", nil},
		{"restore", sato, func() []string {
			return []string{"backup", "restore", "--as", "sato", "--plan", planID, "--snapshot", snapID, "--to", target}
		}, app.ExitOK, "復元しました", "", nil},
		{"restore over a folder", sato, func() []string {
			return []string{"backup", "restore", "--as", "sato", "--plan", planID, "--snapshot", snapID, "--to", target}
		}, app.ExitData, "", "上書きはしません", nil},
		{"restore one file", sato, func() []string {
			return []string{"backup", "restore", "--as", "sato", "--plan", planID, "--snapshot", snapID, "--path", "決算/2026.xlsx", "--to", filepath.Join(dir, "one.xlsx")}
		}, app.ExitOK, "", "", nil},
		{"verify", ja, func() []string { return []string{"backup", "verify", "--plan", planID, "--full"} }, app.ExitOK, "損傷: 0", "", nil},
		{"set", shocho, func() []string {
			return []string{"backup", "plan", "set", "--as", "shocho", "--plan", planID, "--daily", "09:00"}
		}, app.ExitOK, "保存しました", "", nil},
		{"set a bad time", shocho, func() []string {
			return []string{"backup", "plan", "set", "--as", "shocho", "--plan", planID, "--daily", "25:99"}
		}, app.ExitUsage, "", "", nil},
		{"clear the flag", shocho, func() []string { return []string{"backup", "plan", "clear-flag", "--as", "shocho", "--plan", planID} }, app.ExitOK, "", "", nil},
		{"unplugged", ja, func() []string {
			os.Rename(filepath.Join(dir, "USB"), filepath.Join(dir, "USB-away"))
			return []string{"backup", "run", "--plan", planID}
		}, app.ExitUnavailable, "失敗", "見つかりません", nil},
		{"remove", shocho, func() []string { return []string{"backup", "plan", "remove", "--as", "shocho", "--plan", planID} }, app.ExitOK, "削除しました", "", nil},
		{"run a removed plan", shocho, func() []string { return []string{"backup", "run", "--as", "shocho", "--plan", planID} }, app.ExitNotFound, "", "", nil},
		{"english", map[string]string{"KINKO_LANG": "en"}, func() []string { return []string{"backup", "status"} }, app.ExitOK, "no backup plan", "", nil},
		{"help", ja, func() []string { return []string{"help", "backup", "restore"} }, app.ExitOK, "--snapshot", "", nil},
	}
	for _, s := range steps {
		stdout, stderr, code := kinko(s.env, s.args()...)
		if code != s.code || !strings.Contains(stdout, s.stdout) || !strings.Contains(stderr, s.stderr) {
			t.Fatalf("%s: exit %d (want %d)\nstdout: %s\nstderr: %s", s.name, code, s.code, withoutKey(stdout), stderr)
		}
		if strings.Contains(stdout+stderr, "pw-X7c9k2") {
			t.Fatalf("%s: a password reached the output", s.name)
		}
		if s.after != nil {
			s.after(stdout)
		}
	}
	want := treeSums(t, src)
	delete(want, "~$2026.xlsx") // an Office lock file: a default exclude
	got := treeSums(t, target)
	if len(got) != len(want) {
		t.Fatalf("restored %d files, want %d", len(got), len(want))
	}
	for k, h := range want {
		if got[k] != h {
			t.Errorf("%s differs after restore", k)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "one.xlsx")); string(b) != "xlsx" {
		t.Errorf("one file restored: %q", b)
	}

	// The log: runs and restores with the command line's mark.
	known, _ := vault.Known(home)
	v, err := vault.Open(known[0].ID, vault.Options{DataDir: home})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Login("shocho", []byte("shocho-pw-X7c9k2-1")); err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	v.LogEntries(func(e *audit.Entry) error {
		if strings.HasPrefix(string(e.Action), "backup.") && strings.HasSuffix(e.Detail, "cli") {
			count[string(e.Action)+" "+e.Result]++
		}
		return nil
	})
	if count["backup.run ok"] != 2 || count["backup.restore ok"] != 2 || count["backup.restore backup.target_exists"] != 1 || count["backup.run backup.no_destination"] != 1 {
		t.Errorf("backup entries: %v", count)
	}
}
