package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/app/cli"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/vault"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// notLogged are the verbs that open no vault, so have no log to write to.
// Every other verb must log: a verb added later fails
// TestEveryVerbLogs until it does (or is listed here with its reason).
var notLogged = map[string]string{
	"version":    "prints the build; opens no vault",
	"help":       "prints help; opens no vault",
	"exit-codes": "prints the exit codes; opens no vault",
}

// leaves lists the paths ("export clients") of every verb of root.
func leaves(c *cli.Command, path []string) []string {
	if len(c.Subs) == 0 {
		return []string{strings.Join(path, " ")}
	}
	var out []string
	for _, s := range c.Subs {
		out = append(out, leaves(s, append(slices.Clone(path), s.Name))...)
	}
	return out
}

// logged is one entry a verb must write: its action and whether it has a
// user (entries written with nobody logged in have none).
type logged struct {
	action audit.Action
	user   bool
}

// TestEveryVerbLogs runs every verb of cli.Root() on a real vault, as a
// script would, and checks the access log gained exactly what the verb did:
// a login entry for --as, then the verb's one entry — refusals and
// failures included — each marked as coming from the command line. A
// failed login leaves a login.failed entry with the name typed, and no
// entry ever holds a password or the recovery key.
func TestEveryVerbLogs(t *testing.T) {
	dir := wintest.TempDir(t)
	home := filepath.Join(dir, "pc-a")
	folder := filepath.Join(dir, "nas")
	const shochoPW, satoPW = "shocho-pw-X7c9k2-1", "sato-pw-X7c9k2-1"
	pwFile := writeFile(t, dir, shochoPW)
	clients := filepath.Join(dir, "clients.csv")
	os.WriteFile(clients, []byte("顧問先コード,名称,フリガナ\nA-1,株式会社あおば,あおば\n"), 0o600)
	people := filepath.Join(dir, "people.csv")
	os.WriteFile(people, []byte("顧問先コード,氏名,フリガナ,役割\nA-1,青葉 一郎,あおば いちろう,従業員\n"), 0o600)
	env := func(extra ...string) map[string]string {
		m := map[string]string{"KINKO_HOME": home, "KINKO_LANG": "ja", "KINKO_PASSWORD": shochoPW}
		for i := 0; i+1 < len(extra); i += 2 {
			m[extra[i]] = extra[i+1]
		}
		return m
	}
	numberFile := writeFile(t, dir, "123456789018")
	var recovery, clientID, planID, snapID string
	var sharePass, sharePkg string
	shareSrc := filepath.Join(dir, "送るもの")
	os.MkdirAll(shareSrc, 0o755)
	os.WriteFile(filepath.Join(shareSrc, "決算書.csv"), []byte("科目,金額\n売上,1000\n"), 0o644)
	backupSrc := filepath.Join(dir, "files")
	os.MkdirAll(backupSrc, 0o755)
	os.WriteFile(filepath.Join(backupSrc, "a.txt"), []byte("a"), 0o644)
	secrets := []string{shochoPW, satoPW, "sato-pw-X7c9k2-2", "sato-pw-X7c9k2-3", "kinko-demo-2026", "123456789018"}

	type step struct {
		verb string   // the verb's path, as leaves names it
		args []string // after the verb
		env  map[string]string
		code app.ExitCode
		want []logged
		// read names the replica whose log holds the entries (home, user,
		// password); nil is pc-a as shocho.
		read []string
		// since names the replica whose entries were there before (nil:
		// read): a PC that joins receives every entry of the folder.
		since []string
	}
	asShocho := []string{"--as", "shocho"}
	loginThen := func(a audit.Action) []logged { return []logged{{audit.Login, true}, {a, true}} }
	steps := []func() step{
		func() step {
			return step{verb: "vault init", args: []string{"--folder", folder, "--name", "山田税理士事務所", "--login", "shocho", "--handler", "--password-file", pwFile},
				env: env(), want: []logged{{audit.VaultCreate, true}}}
		},
		func() step { return step{verb: "vault status", env: env(), want: []logged{{audit.VaultStatus, false}}} },
		func() step { return step{verb: "vault sync", env: env(), want: []logged{{audit.VaultSync, false}}} },
		func() step { return step{verb: "vault verify", env: env(), want: []logged{{audit.VaultVerify, false}}} },
		func() step { return step{verb: "user list", env: env(), want: []logged{{audit.UserList, false}}} },
		func() step {
			return step{verb: "user add", args: append(asShocho, "--login", "sato", "--name", "佐藤", "--role", "handler"),
				env: env("KINKO_NEW_PASSWORD", satoPW), want: loginThen(audit.UserAdd)}
		},
		func() step {
			return step{verb: "import clients", args: append(asShocho, "--file", clients), env: env(), want: loginThen(audit.Import)}
		},
		func() step {
			return step{verb: "import people", args: append(asShocho, "--file", people), env: env(), want: loginThen(audit.Import)}
		},
		func() step {
			// For tax_return, so that the filing export below still finds
			// no number for withholding_slip.
			return step{verb: "mynumber add", args: append(asShocho, "--client", "A-1", "--person", "青葉 一郎", "--purpose", "tax_return",
				"--number-doc", "mynumber_card", "--method", "in_person", "--number-file", numberFile), env: env(), want: loginThen(audit.NumberAcquire)}
		},
		func() step {
			return step{verb: "mynumber show", args: append(asShocho, "--client", "A-1", "--person", "青葉一郎"), env: env(), want: loginThen(audit.ClientView)}
		},
		// The 共有 area: a package made, opened with its passphrase from
		// the environment, an envelope, the register.
		func() step {
			return step{verb: "share create", args: append(asShocho, "--client", "A-1", "--to", "青葉 一郎", "--purpose", "決算書の確認",
				"--out", filepath.Join(dir, "share-out"), shareSrc), env: env(), want: loginThen(audit.ShareCreate)}
		},
		func() step {
			return step{verb: "share open", args: append(asShocho, "--to", filepath.Join(dir, "share-in"), sharePkg),
				env: env("KINKO_SHARE_PASSPHRASE", sharePass), want: loginThen(audit.ShareOpen)}
		},
		func() step {
			return step{verb: "share envelope", args: append(asShocho, "--client", "A-1", "--out", filepath.Join(dir, "envelope.html")),
				env: env(), want: loginThen(audit.ShareEnvelope)}
		},
		func() step {
			return step{verb: "share list", args: asShocho, env: env(), want: loginThen(audit.VaultStatus)}
		},
		func() step {
			return step{verb: "export clients", args: append(asShocho, "--file", filepath.Join(dir, "out.csv")), env: env(), want: loginThen(audit.Export)}
		},
		func() step {
			return step{verb: "vault codes", args: asShocho, env: env(), want: loginThen(audit.VaultVerify)}
		},
		func() step {
			return step{verb: "export people", args: append(asShocho, "--file", filepath.Join(dir, "people.xlsx")), env: env(), want: loginThen(audit.Export)}
		},
		func() step {
			// No number was acquired for the purpose: refused, and recorded.
			return step{verb: "export filing", args: append(asShocho, "--client", "A-1", "--purpose", "withholding_slip", "--file", filepath.Join(dir, "filing.csv")),
				env: env(), code: app.ExitNotFound, want: loginThen(audit.FilingExport)}
		},
		func() step {
			return step{verb: "report ledger", args: append(asShocho, "--file", filepath.Join(dir, "ledger.csv")), env: env(), want: loginThen(audit.ReportSave)}
		},
		func() step {
			return step{verb: "user grant", args: append(asShocho, "--user", "sato", "--client", clientID, "--level", "read"), env: env(), want: loginThen(audit.Grant)}
		},
		func() step {
			return step{verb: "user revoke", args: append(asShocho, "--user", "sato", "--client", clientID), env: env(), want: loginThen(audit.Revoke)}
		},
		func() step {
			// Revoked just above: reading again is one changed client.
			return step{verb: "user levels", args: append(asShocho, "--user", "sato", "--client", "A-1", "--level", "read"), env: env(), want: loginThen(audit.Grant)}
		},
		func() step {
			return step{verb: "user default", args: append(asShocho, "--user", "sato", "--level", "read"), env: env(), want: loginThen(audit.UserEdit)}
		},
		func() step {
			return step{verb: "user passwd", args: []string{"--as", "sato"}, env: env("KINKO_PASSWORD", satoPW, "KINKO_NEW_PASSWORD", "sato-pw-X7c9k2-2"),
				want: []logged{{audit.Login, true}, {audit.Password, true}}}
		},
		func() step {
			// The recovery key logs the user in to re-seal their keys.
			return step{verb: "user passwd", args: []string{"--as", "sato", "--recovery"}, env: env("KINKO_RECOVERY_KEY", recovery, "KINKO_NEW_PASSWORD", "sato-pw-X7c9k2-3"),
				want: []logged{{audit.Password, true}}}
		},
		func() step { return step{verb: "log list", args: asShocho, env: env(), want: loginThen(audit.LogView)} },
		func() step {
			return step{verb: "log verify", args: asShocho, env: env(), want: loginThen(audit.LogVerify)}
		},
		func() step {
			return step{verb: "log export", args: append(asShocho, "--file", filepath.Join(dir, "log.csv")), env: env(), want: loginThen(audit.LogExport)}
		},
		func() step {
			return step{verb: "log review", args: append(asShocho, "--month", "2026-11"), env: env(), want: loginThen(audit.LogReview)}
		},
		func() step {
			return step{verb: "vault recovery", args: append(asShocho, "--sheet", filepath.Join(dir, "new-sheet.html")), env: env(), want: loginThen(audit.RecoveryRotate)}
		},
		func() step {
			return step{verb: "vault held", args: asShocho, env: env(), want: loginThen(audit.VaultStatus)}
		},
		func() step {
			// Nothing is held: refused, and recorded.
			return step{verb: "vault reapply", args: append(asShocho, "--op", "nosuchdevice.1"), env: env(), code: app.ExitNotFound, want: loginThen(audit.ClientEdit)}
		},
		// Backups: a plan, a run, the listings, a verify, a restore.
		func() step {
			return step{verb: "backup plan add", args: append(asShocho, "--name", "毎日", "--source", backupSrc, "--dest", filepath.Join(dir, "usb"), "--json"),
				env: env(), want: loginThen(audit.Settings)}
		},
		func() step {
			return step{verb: "backup plan show", args: asShocho, env: env(), want: loginThen(audit.VaultStatus)}
		},
		func() step {
			return step{verb: "backup plan set", args: append(asShocho, "--plan", planID, "--daily", "09:00"), env: env(), want: loginThen(audit.Settings)}
		},
		func() step {
			return step{verb: "backup run", args: asShocho, env: env(), want: loginThen(audit.BackupRun)}
		},
		func() step {
			return step{verb: "backup status", env: env(), want: []logged{{audit.VaultStatus, false}}}
		},
		func() step {
			return step{verb: "backup list", args: append(asShocho, "--plan", planID, "--json"), env: env(), want: loginThen(audit.VaultStatus)}
		},
		func() step {
			return step{verb: "backup verify", args: append(asShocho, "--plan", planID), env: env(), want: loginThen(audit.BackupRun)}
		},
		func() step {
			return step{verb: "backup restore", args: append(asShocho, "--plan", planID, "--snapshot", snapID, "--to", filepath.Join(dir, "restored")),
				env: env(), want: loginThen(audit.BackupRestore)}
		},
		func() step {
			return step{verb: "backup plan clear-flag", args: append(asShocho, "--plan", planID), env: env(), want: loginThen(audit.Settings)}
		},
		func() step {
			return step{verb: "backup plan remove", args: append(asShocho, "--plan", planID), env: env(), want: loginThen(audit.Settings)}
		},
		func() step {
			// Another PC joins: nobody is logged in there yet.
			return step{verb: "vault join", args: []string{"--folder", folder}, env: map[string]string{"KINKO_HOME": filepath.Join(dir, "pc-b")},
				want: []logged{{audit.VaultJoin, false}}, read: []string{filepath.Join(dir, "pc-b"), "shocho", shochoPW}, since: []string{home, "shocho", shochoPW}}
		},
		func() step {
			// A new PC restores another office's vault from its backup:
			// the restore is in the restored vault's log, with no user.
			office := filepath.Join(dir, "recover")
			dest, _, key := officeBackup(t, office)
			return step{verb: "backup recover", args: []string{"--from", dest, "--to", filepath.Join(office, "restored")},
				env:  map[string]string{"KINKO_HOME": filepath.Join(office, "pc-new"), "KINKO_RECOVERY_KEY": key},
				want: []logged{{audit.BackupRestore, false}}, read: []string{filepath.Join(office, "pc-new"), "shocho", "shocho-pw-X7c9k2-1"},
				since: []string{filepath.Join(office, "pc-office"), "shocho", "shocho-pw-X7c9k2-1"}}
		},
		func() step {
			return step{verb: "demo", env: map[string]string{"KINKO_HOME": filepath.Join(dir, "pc-demo")},
				want: []logged{{audit.VaultCreate, true}}, read: []string{filepath.Join(dir, "pc-demo"), app.DemoLogin, office.DemoPassword}}
		},
		func() step {
			return step{verb: "demo", env: map[string]string{"KINKO_HOME": filepath.Join(dir, "pc-demo")},
				want: []logged{{audit.Login, true}}, read: []string{filepath.Join(dir, "pc-demo"), app.DemoLogin, office.DemoPassword}}
		},
	}

	ran := map[string]bool{}
	for _, mk := range steps {
		s := mk()
		read := s.read
		if read == nil {
			read = []string{home, "shocho", shochoPW}
		}
		since := s.since
		if since == nil {
			since = read
		}
		seen := map[string]bool{}
		for _, e := range readLog(t, since...) {
			seen[e.Op] = true
		}
		stdout, stderr, code := run(t, s.env, append(strings.Fields(s.verb), s.args...)...)
		if code != s.code {
			t.Fatalf("%s: exit %d, want %d\n%s\n%s", s.verb, code, s.code, withoutKey(stdout), stderr)
		}
		ran[s.verb] = true
		var got []audit.Entry
		for _, e := range readLog(t, read...) {
			if !seen[e.Op] {
				got = append(got, e)
			}
		}
		checkEntries(t, s.verb, got, s.want)
		switch s.verb {
		case "vault init":
			recovery = recoveryKey(t, stdout)
		case "import clients":
			clientID = clientOf(t, home, shochoPW, "A-1")
		case "share create":
			lines := strings.Split(stdout, "\n")
			if len(lines) < 6 {
				t.Fatalf("share create printed %d lines", len(lines))
			}
			sharePass, sharePkg = strings.TrimSpace(lines[1]), strings.TrimSpace(lines[5])
		case "backup plan add":
			var p app.BackupPlan
			if err := json.Unmarshal([]byte(stdout), &p); err != nil {
				t.Fatal(err)
			}
			planID = p.ID
		case "backup list":
			var snaps []app.BackupSnapshot
			if err := json.Unmarshal([]byte(stdout), &snaps); err != nil || len(snaps) == 0 {
				t.Fatalf("backup list: %v", err)
			}
			snapID = snaps[0].ID
		}
	}

	// A failed login: one entry, with the name typed and no user.
	before := len(readLog(t, home, "shocho", shochoPW))
	if _, _, code := run(t, env("KINKO_PASSWORD", "not-the-password"), "export", "clients", "--as", "shocho", "--file", filepath.Join(dir, "x.csv")); code != app.ExitAuth {
		t.Fatalf("wrong password: exit %d", code)
	}
	got := readLog(t, home, "shocho", shochoPW)[before:]
	checkEntries(t, "failed login", got, []logged{{audit.LoginFailed, false}})
	if got[0].Login != "shocho" || got[0].Result != "vault.wrong_password" || !strings.Contains(got[0].Detail, "verb=export.clients") {
		t.Fatalf("failed login entry: %+v", got[0])
	}

	// Every verb ran, but those that open no vault.
	for _, verb := range leaves(cli.Root(), nil) {
		if _, ok := notLogged[verb]; !ok && !ran[verb] {
			t.Errorf("verb %q was not run: add a step for it (its log entry is checked there)", verb)
		}
	}
	for verb := range ran {
		if _, ok := notLogged[verb]; ok {
			t.Errorf("verb %q is listed as not logging but logs", verb)
		}
	}

	// No secret in any entry of any replica.
	for _, r := range [][]string{{home, "shocho", shochoPW}, {filepath.Join(dir, "pc-b"), "shocho", shochoPW}, {filepath.Join(dir, "pc-demo"), app.DemoLogin, office.DemoPassword}} {
		b, _ := json.Marshal(readLog(t, r...))
		for _, s := range append(secrets, "not-the-password", recovery) {
			if strings.Contains(string(b), s) {
				t.Fatal("a password or the recovery key is in the access log")
			}
		}
	}
}

// checkEntries checks that es are want, from the command line.
func checkEntries(t *testing.T, verb string, es []audit.Entry, want []logged) {
	t.Helper()
	var got []audit.Action
	for _, e := range es {
		got = append(got, e.Action)
	}
	if len(es) != len(want) {
		t.Fatalf("%s wrote %v, want %v", verb, got, want)
	}
	for i, w := range want {
		e := es[i]
		if e.Action != w.action || (e.User != "") != w.user {
			t.Fatalf("%s: entry %d is %s (user %q), want %v", verb, i, e.Action, e.User, w)
		}
		if !strings.HasSuffix(e.Detail, "cli") || e.Device == "" || e.Time == 0 || e.Result == "" {
			t.Fatalf("%s: entry %d does not say it came from the command line: %+v", verb, i, e)
		}
		// The demo vault is opened by app.OpenDemo, as the window's button
		// opens it: its login says "demo".
		names := "verb=" + strings.ReplaceAll(verb, " ", ".")
		if verb == "demo" {
			names = "demo"
		}
		if e.Action == audit.Login && !strings.Contains(e.Detail, names) {
			t.Fatalf("%s: the login entry does not name the verb: %q", verb, e.Detail)
		}
	}
}

// readLog reads the access log of the only vault of home (r[0]) as r[1]
// with password r[2]; none before the vault exists. Reading through core
// writes no entry.
func readLog(t *testing.T, r ...string) []audit.Entry {
	t.Helper()
	if known, _ := vault.Known(r[0]); len(known) == 0 {
		return nil
	}
	v := openAs(t, r[0], r[1], r[2])
	defer v.Close()
	var out []audit.Entry
	if _, err := v.LogEntries(func(e *audit.Entry) error { out = append(out, *e); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func openAs(t *testing.T, home, login, password string) *vault.Vault {
	t.Helper()
	known, err := vault.Known(home)
	if err != nil || len(known) != 1 {
		t.Fatalf("vaults of %s: %v %v", home, known, err)
	}
	v, err := vault.Open(known[0].ID, vault.Options{DataDir: home})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Login(login, []byte(password)); err != nil {
		v.Close()
		t.Fatal(err)
	}
	return v
}

// clientOf is the id of the client with code.
func clientOf(t *testing.T, home, password, code string) string {
	t.Helper()
	v := openAs(t, home, "shocho", password)
	defer v.Close()
	codes, err := office.New(v).CodeIndex()
	if err != nil || codes[code] == "" {
		t.Fatalf("client %s: %v", code, err)
	}
	return codes[code]
}

// recoveryKey is the grouped key vault init printed.
func recoveryKey(t *testing.T, stdout string) string {
	t.Helper()
	for _, line := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(line, "  ") && strings.Count(line, " ") > 10 {
			return strings.TrimSpace(line)
		}
	}
	t.Fatal("vault init printed no recovery key")
	return ""
}
