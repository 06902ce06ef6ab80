package vault_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/vault"
)

func entries(t *testing.T, v *vault.Vault) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	_, err := v.LogEntries(func(e *audit.Entry) error { out = append(out, *e); return nil })
	must(t, err)
	return out
}

func verifyLog(t *testing.T, v *vault.Vault) *audit.Report {
	t.Helper()
	r, err := v.VerifyLog(context.Background(), nil)
	must(t, err)
	return r
}

// TestLogWriteOnly: everyone writes entries, even while locked; only a
// 責任者 reads them, with who, when and from which device.
func TestLogWriteOnly(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	addUser(t, a, "suzuki", access.Staff, access.Read)
	must(t, a.Log(audit.Entry{Action: audit.ClientView, Target: "client/c1", Client: "c1", Label: "株式会社あおば", Result: audit.ResultOK}))
	login(t, a, "suzuki")
	must(t, a.Log(audit.Entry{Action: audit.NumberReveal, Target: "mynumber/c1/p1", Client: "c1", Person: "p1", Purpose: "withholding_slip", Result: audit.ResultDenied}))
	if _, err := a.LogEntries(func(*audit.Entry) error { return nil }); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("staff reading the log: %v", err)
	}
	a.Lock()
	must(t, a.Log(audit.Entry{Action: audit.LoginFailed, Login: "suzuki", Result: "vault.wrong_password"}))
	if _, err := a.LogEntries(func(*audit.Entry) error { return nil }); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("reading while locked: %v", err)
	}
	login(t, a, "shocho")
	es := entries(t, a)
	if len(es) != 3 {
		t.Fatalf("%d entries", len(es))
	}
	if es[0].Action != audit.ClientView || es[0].Label != "株式会社あおば" || es[0].User == "" || es[0].Device != a.Device() {
		t.Fatalf("first entry %+v", es[0])
	}
	if es[1].Action != audit.NumberReveal || es[1].Purpose != "withholding_slip" || es[1].Result != audit.ResultDenied || es[1].User == es[0].User {
		t.Fatalf("staff's entry %+v", es[1])
	}
	if es[2].Action != audit.LoginFailed || es[2].User != "" || es[2].Login != "suzuki" {
		t.Fatalf("locked entry %+v", es[2])
	}
	sync(t, a)
	r := verifyLog(t, a)
	if !r.OK() || r.Entries != 3 || r.Checkpoints == 0 {
		t.Fatalf("verify: %+v", r)
	}
	devs := a.Devices()
	if len(devs) != 1 || devs[0].Name != "a" || devs[0].OSUser != "user-a" {
		t.Fatalf("devices %+v", devs)
	}
}

// TestLogCheckpointsAndWitnesses: checkpoints every audit.CheckpointEvery
// ops and at lock, witnesses across PCs, and a rolled-back device caught by
// the other PC's witness and by what this PC imported.
func TestLogCheckpointsAndWitnesses(t *testing.T) {
	o := newOffice(t)
	o.tampered = true
	a, _ := o.create()
	b := o.join("b")
	login(t, b, "shocho")
	for i := range audit.CheckpointEvery + 10 {
		must(t, b.Log(audit.Entry{Action: audit.ClientView, Target: "client/x", Label: string(rune('A' + i%26)), Result: audit.ResultOK}))
	}
	b.Lock() // a closing checkpoint
	login(t, b, "shocho")
	sync(t, a, b)
	login(t, a, "shocho")
	a.Lock() // a's checkpoint witnesses b's
	login(t, a, "shocho")
	sync(t, a, b)
	r := verifyLog(t, a)
	if !r.OK() || r.Checkpoints < 3 || r.Entries != audit.CheckpointEvery+10 {
		t.Fatalf("clean: %+v", r)
	}
	// Roll b back: its newest segments vanish, as if an older copy of the
	// folder were put back.
	segs := segments(t, o, b.Device())
	for _, s := range segs[len(segs)-1:] {
		must(t, os.Remove(s))
	}
	r = verifyLog(t, a)
	if r.OK() {
		t.Fatal("a rolled-back device went unnoticed")
	}
	found := false
	for _, p := range r.Problems {
		found = found || (p.Kind == audit.ProblemRollback && p.Device == b.Device())
	}
	if !found {
		t.Fatalf("problems %+v", r.Problems)
	}
}

// TestLogReadersAddedLater: a 責任者 or 監査 added later reads the entries
// written before them (sessions are wrapped to the log key, which follows
// the audit scope key), and an auditor reads the log but no client.
func TestLogReadersAddedLater(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	staff := addUser(t, a, "suzuki", access.Staff, access.Read)
	login(t, a, "suzuki")
	must(t, a.Log(audit.Entry{Action: audit.ClientView, Label: "before", Result: audit.ResultOK}))
	login(t, a, "shocho")
	addUser(t, a, "kansa", access.Auditor, access.Hidden)
	addUser(t, a, "fuku", access.Admin, access.Edit)
	for _, who := range []string{"kansa", "fuku"} {
		login(t, a, who)
		es := entries(t, a)
		if len(es) == 0 || es[0].Label != "before" {
			t.Fatalf("%s reads %d entries: %+v", who, len(es), es)
		}
	}
	login(t, a, "kansa")
	if _, err := a.CreateClient(vault.NewClient{Data: []byte("x")}); err == nil {
		t.Fatal("an auditor created a client")
	}
	// Demoting the auditor rotates the audit key: they read nothing more,
	// and the log goes on for the others.
	login(t, a, "shocho")
	_ = staff
	must(t, a.UpdateUser(userID(t, a, "kansa"), vault.UserChange{Name: "kansa さん", Role: access.Staff, Default: access.Hidden}))
	must(t, a.Log(audit.Entry{Action: audit.ClientView, Label: "after", Result: audit.ResultOK}))
	if es := entries(t, a); es[len(es)-1].Label != "after" {
		t.Fatalf("after the rotation: %+v", es[len(es)-1])
	}
	login(t, a, "kansa")
	if _, err := a.LogEntries(func(*audit.Entry) error { return nil }); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("a demoted auditor: %v", err)
	}
}

func userID(t *testing.T, v *vault.Vault, login string) string {
	t.Helper()
	for _, a := range v.Accounts() {
		if a.Login == login {
			return a.ID
		}
	}
	t.Fatalf("no user %s", login)
	return ""
}

// TestLogLater: queued entries reach the log within the flush delay, and at
// once when the session locks (they belong to the user who made them).
func TestLogLater(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	addUser(t, a, "suzuki", access.Staff, access.Read)
	login(t, a, "suzuki")
	must(t, a.LogLater(audit.Entry{Action: audit.ClientView, Label: "queued by suzuki", Result: audit.ResultOK}))
	login(t, a, "shocho") // locks first: the queue is written under suzuki's session
	must(t, a.LogLater(audit.Entry{Action: audit.ClientView, Label: "queued by shocho", Result: audit.ResultOK}))
	time.Sleep(3 * vault.LogFlushDelay)
	es := entries(t, a)
	if len(es) != 2 || es[0].Label != "queued by suzuki" || es[1].Label != "queued by shocho" || es[0].User == es[1].User {
		t.Fatalf("entries %+v", es)
	}
	if es[0].User != userID(t, a, "suzuki") {
		t.Fatalf("suzuki's entry written as %s", es[0].User)
	}
}

// TestLogReaderPending: a reader knows how many log ops its next Read goes
// through (for the window's progress bar), reads incrementally, and a Read
// stopped by its callback resumes where it stopped.
func TestLogReaderPending(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	for range 10 {
		must(t, a.Log(audit.Entry{Action: audit.ClientView, Target: "client/c1", Client: "c1", Result: audit.ResultOK}))
	}
	rd, err := a.LogReader()
	must(t, err)
	defer rd.Close()
	all := rd.Pending()
	if all < 10 {
		t.Fatalf("pending %d, want at least the 10 entries", all)
	}
	stop := errors.New("stop")
	n := 0
	_, err = rd.Read(func(*audit.Entry) error {
		if n++; n == 4 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("a stopped read: %v", err)
	}
	if p := rd.Pending(); p >= all || p == 0 {
		t.Fatalf("pending after a partial read: %d of %d", p, all)
	}
	st, err := rd.Read(func(*audit.Entry) error { return nil })
	must(t, err)
	if st.Entries != 6 || rd.Pending() != 0 {
		t.Fatalf("the rest: %d entries, %d pending", st.Entries, rd.Pending())
	}
	must(t, a.Log(audit.Entry{Action: audit.ClientView, Target: "client/c1", Client: "c1", Result: audit.ResultOK}))
	if p := rd.Pending(); p != 1 {
		t.Fatalf("one new entry: pending %d", p)
	}
}
