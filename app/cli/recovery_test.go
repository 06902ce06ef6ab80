package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// TestVaultRecoveryVerb: kinko vault recovery issues a new recovery key
// (責任者 only), writes the new sheet owner-only and never prints the key,
// names the users who still need to log in once, and vault status lists
// them until they have. A sheet that cannot be written leaves the old key
// in effect.
func TestVaultRecoveryVerb(t *testing.T) {
	dir := wintest.TempDir(t)
	const shochoPW, satoPW = "shocho-pw-X7c9k2-1", "sato-pw-X7c9k2-1"
	env := map[string]string{"KINKO_HOME": filepath.Join(dir, "pc-a"), "KINKO_LANG": "ja", "KINKO_PASSWORD": shochoPW}
	as := func(pw string) map[string]string {
		m := map[string]string{}
		for k, v := range env {
			m[k] = v
		}
		m["KINKO_PASSWORD"] = pw
		return m
	}
	if _, stderr, code := run(t, env, "vault", "init", "--folder", filepath.Join(dir, "nas"), "--name", "山田税理士事務所", "--login", "shocho", "--handler", "--password-file", writeFile(t, dir, shochoPW)); code != app.ExitOK {
		t.Fatal(stderr)
	}
	if _, stderr, code := run(t, map[string]string{"KINKO_HOME": env["KINKO_HOME"], "KINKO_PASSWORD": shochoPW, "KINKO_NEW_PASSWORD": satoPW},
		"user", "add", "--as", "shocho", "--login", "sato", "--name", "佐藤", "--role", "handler"); code != app.ExitOK {
		t.Fatal(stderr)
	}
	sheet := filepath.Join(dir, "new-sheet.html")
	for _, s := range []struct {
		name   string
		env    map[string]string
		args   []string
		code   app.ExitCode
		stderr string
	}{
		{"no sheet", env, []string{"--as", "shocho"}, app.ExitUsage, "使い方"},
		{"staff", as(satoPW), []string{"--as", "sato", "--sheet", sheet}, app.ExitDenied, "責任者だけ"},
		{"wrong password", as("not-the-password"), []string{"--as", "shocho", "--sheet", sheet}, app.ExitAuth, "パスワードが違います"},
		{"unwritable sheet", env, []string{"--as", "shocho", "--sheet", filepath.Join(dir, "no such folder", "sheet.html")}, app.ExitFailure, "回復シートを保存できません"},
	} {
		_, stderr, code := run(t, s.env, append([]string{"vault", "recovery"}, s.args...)...)
		if code != s.code || !strings.Contains(stderr, s.stderr) {
			t.Fatalf("%s: exit %d (want %d): %s", s.name, code, s.code, stderr)
		}
		if _, err := os.Stat(sheet); err == nil {
			t.Fatalf("%s: a sheet was written", s.name)
		}
	}
	if stdout, _, _ := run(t, env, "vault", "status"); strings.Contains(stdout, "sato") {
		t.Fatalf("a refused reissue took effect:\n%s", stdout)
	}

	stdout, stderr, code := run(t, env, "vault", "recovery", "--as", "shocho", "--sheet", sheet)
	if code != app.ExitOK || !strings.Contains(stdout, sheet) || !strings.Contains(stdout, "sato") {
		t.Fatalf("recovery: exit %d\n%s\n%s", code, withoutKey(stdout), stderr)
	}
	if strings.Contains(stdout, "AGE-SECRET-KEY") || withoutKey(stdout) != stdout {
		t.Fatal("the new recovery key was printed")
	}
	html, err := os.ReadFile(sheet)
	if err != nil || !strings.Contains(string(html), "<svg") || !strings.Contains(string(html), "回復シート") {
		t.Fatalf("new recovery sheet: %v", err)
	}
	if st, _ := os.Stat(sheet); st.Mode().Perm() != wintest.Mode(0o600) {
		t.Fatalf("new recovery sheet mode %v, want %v", st.Mode().Perm(), wintest.Mode(0o600))
	}
	stdout, _, _ = run(t, env, "vault", "status")
	if !strings.Contains(stdout, "まだ一度もログインしていないユーザー") || !strings.Contains(stdout, "sato") {
		t.Fatalf("status does not name the user still to log in:\n%s", stdout)
	}
	stdout, _, _ = run(t, env, "vault", "status", "--json")
	var st struct {
		Name            string   `json:"name"`
		RecoveryPending []string `json:"recoveryPending"`
	}
	if err := json.Unmarshal([]byte(stdout), &st); err != nil || st.Name == "" || len(st.RecoveryPending) != 1 || st.RecoveryPending[0] != "sato" {
		t.Fatalf("status --json: %v %+v", err, st)
	}

	// sato logs in once (any verb with --as): new keys, the same password.
	if _, stderr, code := run(t, as(satoPW), "export", "clients", "--as", "sato", "--file", filepath.Join(dir, "clients.csv")); code != app.ExitOK {
		t.Fatal(stderr)
	}
	stdout, _, _ = run(t, env, "vault", "status")
	if strings.Contains(stdout, "sato") {
		t.Fatalf("status still names sato after their login:\n%s", stdout)
	}
	if stdout, stderr, code := run(t, env, "vault", "verify"); code != app.ExitOK {
		t.Fatalf("verify: %s %s", stdout, stderr)
	}
}
