package vault_test

import (
	"testing"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/vault"
)

// readTrust reads the whole log of v with a fresh reader into an index
// and returns each entry's trust by op id, with the entries.
func readTrust(t *testing.T, v *vault.Vault) (map[string]audit.Trust, map[string]audit.Entry) {
	t.Helper()
	rd, err := v.LogReader()
	must(t, err)
	defer rd.Close()
	x := audit.NewIndex()
	st, err := rd.Read(func(e *audit.Entry) error { x.Add(e); return nil })
	must(t, err)
	x.Settle(st.Settled)
	return trustIn(x)
}

func trustIn(x *audit.Index) (map[string]audit.Trust, map[string]audit.Entry) {
	trust, es := map[string]audit.Trust{}, map[string]audit.Entry{}
	for e := range x.Entries(audit.Filter{}) {
		trust[e.Op], es[e.Op] = e.Trust, e
	}
	return trust, es
}

// TestLogTrustHonest: in an office's ordinary day every entry a
// checkpoint covers is verified as its user's, a failed login is
// unsigned, and the newest entries of a PC that has not locked yet are
// pending until its next checkpoint arrives — then a reader that delivered
// them as pending settles them. A session that ended without locking and
// was vouched for by the next user's login (a crash) stays its user's:
// each of its entries carries its own signature.
func TestLogTrustHonest(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	suzuki := addUser(t, a, "suzuki", access.Staff, access.Read)
	shocho := a.User()
	entry := func(v *vault.Vault, label string) {
		t.Helper()
		must(t, v.Log(audit.Entry{Action: audit.ClientView, Label: label, Result: audit.ResultOK}))
	}
	entry(a, "shocho 1")
	entry(a, "shocho 2")
	a.Lock() // a closing checkpoint signed by shocho
	must(t, a.Log(audit.Entry{Action: audit.LoginFailed, Login: "suzuki", Result: "vault.wrong_password"}))
	login(t, a, "suzuki") // vouches for the failed login
	entry(a, "suzuki 1")
	entry(a, "suzuki 2")
	b := o.join("b")
	login(t, b, "shocho")
	sync(t, a, b)

	rd, err := b.LogReader()
	must(t, err)
	defer rd.Close()
	x := audit.NewIndex()
	st, err := rd.Read(func(e *audit.Entry) error { x.Add(e); return nil })
	must(t, err)
	x.Settle(st.Settled)
	trust, es := trustIn(x)
	want := map[string]audit.Trust{
		"shocho 1": audit.TrustVerified, "shocho 2": audit.TrustVerified,
		"":         audit.TrustUnsigned, // the failed login
		"suzuki 1": audit.TrustPending, "suzuki 2": audit.TrustPending,
	}
	byLabel := map[string]string{}
	for id, e := range es {
		byLabel[e.Label] = id
	}
	check := func(when string, trust map[string]audit.Trust, want map[string]audit.Trust) {
		t.Helper()
		for label, w := range want {
			id, ok := byLabel[label]
			if !ok {
				t.Fatalf("%s: no entry %q", when, label)
			}
			if trust[id] != w {
				t.Errorf("%s: %q (%s, user %s): %s, want %s", when, label, id, es[id].User, trust[id], w)
			}
		}
	}
	check("before suzuki's session ends", trust, want)
	if es[byLabel["shocho 1"]].User != shocho || es[byLabel["suzuki 1"]].User != suzuki {
		t.Fatalf("users: %+v", es)
	}

	// suzuki's session ends without a lock (the PC crashed); shocho's
	// login on that PC signs a checkpoint over suzuki's entries.
	must(t, a.Login("shocho", []byte(adminPass)))
	sync(t, a, b)
	st, err = rd.Read(func(e *audit.Entry) error { x.Add(e); return nil })
	must(t, err)
	if len(st.Settled) < 2 {
		t.Errorf("settled by the new checkpoint: %+v", st.Settled)
	}
	x.Settle(st.Settled)
	trust, _ = trustIn(x)
	want["suzuki 1"], want["suzuki 2"] = audit.TrustVerified, audit.TrustVerified
	check("settled", trust, want)
	fresh, _ := readTrust(t, b)
	check("a fresh reader", fresh, want)
	for id, tr := range fresh {
		if tr == audit.TrustUnverifiable {
			t.Errorf("honest entry %s unverifiable", id)
		}
	}
}

// TestLogTrustAfterPasswordChange: a password change gives the user new
// keys; the checkpoints they signed before stay theirs (judged by the key
// they had then), and so do those signed after — on the PC that changed it
// and on one that imports it all afterwards.
func TestLogTrustAfterPasswordChange(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	must(t, a.Log(audit.Entry{Action: audit.ClientView, Label: "before", Result: audit.ResultOK}))
	login(t, a, "shocho") // a checkpoint with the first key
	newPass := []byte("a-new-password-Q8v3m1")
	must(t, a.ChangePassword([]byte(adminPass), newPass))
	must(t, a.Log(audit.Entry{Action: audit.ClientView, Label: "after", Result: audit.ResultOK}))
	a.Lock() // a checkpoint with the new key
	must(t, a.Login("shocho", newPass))
	b := o.join("b")
	must(t, b.Login("shocho", newPass))
	sync(t, a, b)
	for _, v := range []*vault.Vault{a, b} {
		_, es := readTrust(t, v)
		seen := 0
		for _, e := range es {
			if e.Label == "before" || e.Label == "after" {
				seen++
				if e.Trust != audit.TrustVerified {
					t.Errorf("PC %s: %q: %s", v.Device(), e.Label, e.Trust)
				}
			}
		}
		if seen != 2 {
			t.Errorf("PC %s: %d of the 2 entries", v.Device(), seen)
		}
	}
}
