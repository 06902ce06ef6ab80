package cli_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// user levels and user default: many clients by code, by a file of codes
// or all of them, in one change each; every client changed is in the log
// with its own entry marked cli; bad input (an unknown code, no level) and
// a staff member's attempt change nothing.
func TestUserLevelsVerbs(t *testing.T) {
	dir := wintest.TempDir(t)
	env := map[string]string{"KINKO_HOME": filepath.Join(dir, "pc-a"), "KINKO_LANG": "ja", "KINKO_PASSWORD": "shocho-pw-X7c9k2-1"}
	mustRun := func(want app.ExitCode, args ...string) string {
		t.Helper()
		stdout, stderr, code := run(t, env, args...)
		if code != want {
			t.Fatalf("%v: exit %d (want %d)\n%s\n%s", args, code, want, stdout, stderr)
		}
		return stdout + stderr
	}
	mustRun(app.ExitOK, "vault", "init", "--folder", filepath.Join(dir, "NAS"), "--name", "山田税理士事務所", "--login", "shocho")
	env["KINKO_NEW_PASSWORD"] = "sato-pw-X7c9k2-1"
	mustRun(app.ExitOK, "user", "add", "--as", "shocho", "--login", "sato", "--role", "staff", "--default", "read")

	known, _ := vault.Known(env["KINKO_HOME"])
	v, err := vault.Open(known[0].ID, vault.Options{DataDir: env["KINKO_HOME"]})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Login("shocho", []byte("shocho-pw-X7c9k2-1")); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for i := 1; i <= 6; i++ {
		code := fmt.Sprintf("A-%d", i)
		ids[code], err = v.CreateClient(vault.NewClient{Build: func(id string) ([]byte, error) {
			return fmt.Appendf(nil, `{"id":%q,"kind":"corporation","name":"株式会社%d","code":%q}`, id, i, code), nil
		}})
		if err != nil {
			t.Fatal(err)
		}
	}
	sato := ""
	for _, a := range v.Accounts() {
		if a.Login == "sato" {
			sato = a.ID
		}
	}
	v.Close()
	levels := func() map[string]string {
		t.Helper()
		v, err := vault.Open(known[0].ID, vault.Options{DataDir: env["KINKO_HOME"]})
		if err != nil {
			t.Fatal(err)
		}
		defer v.Close()
		if err := v.Login("shocho", []byte("shocho-pw-X7c9k2-1")); err != nil {
			t.Fatal(err)
		}
		m, err := v.Matrix()
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for code, id := range ids {
			out[code] = m.Levels[sato][id]
		}
		return out
	}

	// By code, several at once; the entries name each client, marked cli.
	out := mustRun(app.ExitOK, "user", "levels", "--as", "shocho", "--user", "sato", "--level", "hidden", "--client", "A-1, a-2,"+ids["A-3"])
	if !strings.Contains(out, "3 件のうち 3 件") {
		t.Errorf("output %q", out)
	}
	// A file of codes, with a comment and a blank line; one already hidden.
	list := filepath.Join(dir, "clients.txt")
	os.WriteFile(list, []byte("\ufeff# 決算が近い顧問先\nA-3\n\nA-4\r\nA-5\n"), 0o600)
	out = mustRun(app.ExitOK, "user", "levels", "--as", "shocho", "--user", "sato", "--level", "edit", "--clients-file", list, "--json")
	var res app.BulkResult
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Changed) != 3 {
		t.Errorf("json %q: %v", out, err)
	}
	got := levels()
	want := map[string]string{"A-1": "hidden", "A-2": "hidden", "A-3": "edit", "A-4": "edit", "A-5": "edit", "A-6": "read"}
	for c, l := range want {
		if got[c] != l {
			t.Errorf("%s: %q, want %q", c, got[c], l)
		}
	}

	// Bad input: nothing changes, the error names the code.
	if out := mustRun(app.ExitNotFound, "user", "levels", "--as", "shocho", "--user", "sato", "--level", "read", "--client", "A-6,Z-9"); !strings.Contains(out, "Z-9") {
		t.Errorf("unknown code: %q", out)
	}
	mustRun(app.ExitUsage, "user", "levels", "--as", "shocho", "--user", "sato", "--client", "A-6")
	mustRun(app.ExitUsage, "user", "levels", "--as", "shocho", "--user", "sato", "--level", "read", "--client", "A-6", "--all")
	mustRun(app.ExitNotFound, "user", "levels", "--as", "shocho", "--user", "sato", "--level", "read", "--clients-file", filepath.Join(dir, "none.txt"))
	// A member of staff cannot raise their own level.
	env["KINKO_PASSWORD"] = "sato-pw-X7c9k2-1"
	mustRun(app.ExitDenied, "user", "levels", "--as", "sato", "--user", "sato", "--level", "edit", "--client", "A-1,A-2")
	mustRun(app.ExitDenied, "user", "default", "--as", "sato", "--user", "sato", "--level", "edit")
	env["KINKO_PASSWORD"] = "shocho-pw-X7c9k2-1"
	if g := levels(); !maps.Equal(g, got) {
		t.Errorf("refused changes changed levels: %v", g)
	}

	// All clients back to the default; then the default, keeping them.
	mustRun(app.ExitOK, "user", "levels", "--as", "shocho", "--user", "sato", "--level", "default", "--all")
	out = mustRun(app.ExitOK, "user", "default", "--as", "shocho", "--user", "sato", "--level", "hidden", "--keep")
	if !strings.Contains(out, "6 件") {
		t.Errorf("default output %q", out)
	}
	for c, l := range levels() {
		if l != "read" {
			t.Errorf("%s: %q after a kept default", c, l)
		}
	}

	// The log: one entry per client changed, marked cli; the refusals too.
	v, err = vault.Open(known[0].ID, vault.Options{DataDir: env["KINKO_HOME"]})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Login("shocho", []byte("shocho-pw-X7c9k2-1")); err != nil {
		t.Fatal(err)
	}
	var revokes, denied []string
	if _, err := v.LogEntries(func(e *audit.Entry) error {
		if e.Action == audit.Revoke && e.Result == audit.ResultOK && strings.HasSuffix(e.Detail, "bulk cli") {
			revokes = append(revokes, e.Client)
		}
		if e.Action == audit.Grant && e.Result == audit.ResultDenied {
			denied = append(denied, e.Client)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(revokes)
	if w := slices.Sorted(slices.Values([]string{ids["A-1"], ids["A-2"], ids["A-3"]})); !slices.Equal(revokes, w) {
		t.Errorf("revoke entries for %v, want %v", revokes, w)
	}
	if len(denied) != 2 {
		t.Errorf("denied entries %v, want one per client asked", denied)
	}
}
