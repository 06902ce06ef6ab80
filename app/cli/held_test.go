package cli_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// TestVaultHeldAndReapply: a member of staff edits a client on PC b while
// PC a disables them; the edit is held as concurrent. kinko vault held
// lists it for a 責任者 (never for staff), and kinko vault reapply writes
// its content as a new version under the 責任者's name, logged as an edit
// of the client; the held edit stays held.
func TestVaultHeldAndReapply(t *testing.T) {
	dir := wintest.TempDir(t)
	folder := filepath.Join(dir, "nas")
	const shochoPW, tanakaPW, aokiPW = "shocho-pw-X7c9k2-1", "tanaka-pw-X7c9k2-1", "aoki-pw-X7c9k2-1"
	opts := func(pc string) vault.Options {
		return vault.Options{DataDir: filepath.Join(dir, pc), Keys: &keys.Options{WorkFactor: 10}, PCName: pc}
	}
	a, _, err := vault.Create(folder, "山田税理士事務所", vault.NewUser{Login: "shocho", Name: "山田 太郎", Password: []byte(shochoPW), Handler: true}, opts("pc-a"))
	if err != nil {
		t.Fatal(err)
	}
	tanaka, err := a.AddUser(vault.NewUser{Login: "tanaka", Name: "田中", Password: []byte(tanakaPW), Role: access.Staff, Default: access.Edit})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddUser(vault.NewUser{Login: "aoki", Name: "青木", Password: []byte(aokiPW), Role: access.Staff, Default: access.Edit}); err != nil {
		t.Fatal(err)
	}
	client, err := office.New(a).CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社あおば"}, false)
	if err != nil {
		t.Fatal(err)
	}
	a.Sync(nil)
	b, err := vault.Join(folder, opts("pc-b"))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Login("tanaka", []byte(tanakaPW)); err != nil {
		t.Fatal(err)
	}
	c, err := office.New(b).Client(client)
	if err != nil {
		t.Fatal(err)
	}
	c.Value.Notes = "田中のメモ"
	if err := office.New(b).UpdateClient(c.Value, c.Versions); err != nil {
		t.Fatal(err)
	}
	// Concurrently, on PC a: tanaka is disabled.
	if err := a.UpdateUser(tanaka, vault.UserChange{Name: "田中", Role: access.Staff, Default: access.Edit, Disabled: true}); err != nil {
		t.Fatal(err)
	}
	for _, v := range []*vault.Vault{a, b, a} {
		if _, err := v.Sync(nil); err != nil {
			t.Fatal(err)
		}
	}
	a.Close()
	b.Close()

	env := map[string]string{"KINKO_HOME": filepath.Join(dir, "pc-a"), "KINKO_LANG": "ja", "KINKO_PASSWORD": shochoPW}
	staff := map[string]string{"KINKO_HOME": env["KINKO_HOME"], "KINKO_LANG": "ja", "KINKO_PASSWORD": aokiPW}
	stdout, stderr, code := run(t, env, "vault", "held", "--as", "shocho", "--json")
	var held []vault.HeldChange
	if code != app.ExitOK || json.Unmarshal([]byte(stdout), &held) != nil || len(held) != 1 || held[0].Reason != vault.ReasonConcurrent || held[0].Author != tanaka {
		t.Fatalf("vault held --json: exit %d: %s %s", code, stdout, stderr)
	}
	op := held[0].Op
	stdout, _, code = run(t, env, "vault", "held", "--as", "shocho")
	if code != app.ExitOK || !strings.Contains(stdout, op) || !strings.Contains(stdout, "田中") || !strings.Contains(stdout, "株式会社あおば") ||
		!strings.Contains(stdout, "権限の取り消しと同時に") || strings.Contains(stdout, "田中のメモ") {
		t.Fatalf("vault held:\n%s", stdout)
	}
	for _, s := range []struct {
		name   string
		env    map[string]string
		args   []string
		code   app.ExitCode
		stderr string
	}{
		{"staff lists", staff, []string{"held", "--as", "aoki"}, app.ExitDenied, "責任者だけ"},
		{"staff re-applies", staff, []string{"reapply", "--as", "aoki", "--op", op}, app.ExitDenied, "責任者だけ"},
		{"no op", env, []string{"reapply", "--as", "shocho"}, app.ExitUsage, "使い方"},
		{"no such op", env, []string{"reapply", "--as", "shocho", "--op", "nosuchdevice.1"}, app.ExitNotFound, ""},
	} {
		_, stderr, code := run(t, s.env, append([]string{"vault"}, s.args...)...)
		if code != s.code || !strings.Contains(stderr, s.stderr) {
			t.Fatalf("%s: exit %d (want %d): %s", s.name, code, s.code, stderr)
		}
	}
	stdout, stderr, code = run(t, env, "vault", "reapply", "--as", "shocho", "--op", op)
	if code != app.ExitOK || !strings.Contains(stdout, "あなたの名前で新しい版") {
		t.Fatalf("vault reapply: exit %d: %s %s", code, stdout, stderr)
	}

	v := openAs(t, env["KINKO_HOME"], "shocho", shochoPW)
	defer v.Close()
	r, err := v.Get("client/" + client)
	if err != nil {
		t.Fatal(err)
	}
	var got records.Client
	if r.Conflict() || r.Versions[0].Author != v.User() || json.Unmarshal(r.Versions[0].Data, &got) != nil || got.Notes != "田中のメモ" {
		t.Fatalf("after reapply: %d versions, author %s", len(r.Versions), r.Versions[0].Author)
	}
	if hs, err := v.HeldChanges(); err != nil || len(hs) != 1 || hs[0].Op != op {
		t.Fatalf("the held edit is no longer held: %v %v", hs, err)
	}
	var last audit.Entry
	if _, err := v.LogEntries(func(e *audit.Entry) error { last = *e; return nil }); err != nil {
		t.Fatal(err)
	}
	if last.Action != audit.ClientEdit || last.Client != client || last.Detail != "reapply="+op+" cli" || last.Result != audit.ResultOK {
		t.Fatalf("the re-apply's entry: %+v", last)
	}
}
