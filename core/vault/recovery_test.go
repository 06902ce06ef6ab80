package vault_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/journal"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/vault"
)

// folderOps reads every op of the vault folder, as anyone with access to
// it can.
func folderOps(t *testing.T, o *office) []*journal.Op {
	t.Helper()
	f, err := journal.OpenFolder(o.folder)
	must(t, err)
	return (&insider{t: t, folder: f}).ops()
}

// reach returns the identities someone holding rec reaches through the
// journal: rec itself and the keys of every user whose newest recovery
// copy (user.add or user.passwd) rec opens — the old and new identities
// those hold.
func reach(t *testing.T, ops []*journal.Op, rec *keys.Recovery) []age.Identity {
	t.Helper()
	newest := map[string][]byte{}
	for _, op := range ops {
		var u struct {
			ID       string `json:"id"`
			Recovery []byte `json:"recovery"`
		}
		if (op.Kind == vault.KindUserAdd || op.Kind == vault.KindUserPasswd) && json.Unmarshal(op.Payload, &u) == nil {
			newest[u.ID] = u.Recovery
		}
	}
	ids := []age.Identity{rec.Identity()}
	for _, copy := range newest {
		if k, err := keys.OpenUserWith(copy, rec.Identity()); err == nil {
			ids = append(ids, k.Identities()...)
		}
	}
	return ids
}

// currentKeys returns, per scope, the wrapped keys of its newest epoch in
// the journal (the honest tests write no hostile key).
func currentKeys(ops []*journal.Op) map[string][][]byte {
	epoch := map[string]uint32{}
	out := map[string][][]byte{}
	for _, op := range ops {
		var k struct {
			Scope   string `json:"scope"`
			Epoch   uint32 `json:"epoch"`
			Wrapped []byte `json:"wrapped"`
		}
		if op.Kind != vault.KindScopeKey || json.Unmarshal(op.Payload, &k) != nil {
			continue
		}
		if k.Epoch > epoch[k.Scope] {
			epoch[k.Scope], out[k.Scope] = k.Epoch, nil
		}
		if k.Epoch == epoch[k.Scope] {
			out[k.Scope] = append(out[k.Scope], k.Wrapped)
		}
	}
	return out
}

// opens lists the scopes one of whose current keys ids unwrap.
func opens(cur map[string][][]byte, ids []age.Identity) []string {
	var out []string
	for scope, ws := range cur {
		for _, w := range ws {
			if _, err := keys.UnwrapScopeKey(w, ids...); err == nil {
				out = append(out, scope)
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// rotate issues a new recovery key on v and returns it.
func rotate(v *vault.Vault, password string) (*keys.Recovery, error) {
	var rec *keys.Recovery
	err := v.RotateRecovery([]byte(password), func(r *keys.Recovery) error { rec = r; return nil })
	return rec, err
}

func pending(v *vault.Vault) []string {
	var out []string
	for _, a := range v.Accounts() {
		if a.RecoveryPending {
			out = append(out, a.Login)
		}
	}
	return out
}

var errSheet = errors.New("the sheet could not be written")

// TestRecoveryRotate: a 責任者 who handles no My Numbers issues a new
// recovery key. The old key opens no current key of the scopes they are
// in, the new one opens them all; a My Number scope they are not in is
// rotated by the next handler who stores a number; every user who logs in
// gets keys the old key cannot open; once all have, the old key reaches
// nothing current at all.
func TestRecoveryRotate(t *testing.T) {
	o := newOffice(t)
	a, rec0 := o.create() // shocho: 責任者 and handler
	addUser(t, a, "tanaka", access.Staff, access.Edit)
	addUser(t, a, "hana", access.Handler, access.Edit)
	addUser(t, a, "jimu", access.Admin, access.Edit) // 責任者, not a handler
	addUser(t, a, "kansa", access.Auditor, "")
	c1 := newClient(t, a, "client one")
	_, err := a.Put("mynumber/"+c1+"/p1", nil, []byte("before"))
	must(t, err)
	b, c := o.join("b"), o.join("c")
	login(t, b, "jimu")
	login(t, c, "hana") // logged in before the new key: keeps her session
	sync(t, a, b, c)

	if _, err := rotate(b, "not the password"); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("rotation with a wrong password: %v", err)
	}
	login(t, a, "tanaka")
	if _, err := rotate(a, "tanaka-pw-X7c9k2"); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("rotation by staff: %v", err)
	}
	// A sheet that cannot be kept leaves the old key in effect.
	if err := b.RotateRecovery([]byte("jimu-pw-X7c9k2"), func(*keys.Recovery) error { return errSheet }); !errors.Is(err, errSheet) {
		t.Fatalf("rotation whose sheet was not kept: %v", err)
	}
	if got := pending(b); len(got) != 0 {
		t.Fatalf("a rotation whose sheet was not kept took effect: pending %v", got)
	}
	rec1, err := rotate(b, "jimu-pw-X7c9k2")
	must(t, err)
	if rec1.Recipient().String() == rec0.Recipient().String() {
		t.Fatal("the new recovery key is the old one")
	}
	// Concurrently, before PC c has seen the new key, hana changes her
	// password there: her new keys and scope epochs are made for the old
	// recovery key, and count as such wherever they arrive.
	must(t, c.ChangePassword([]byte("hana-pw-X7c9k2"), []byte("hana-pw-X7c9k2")))
	sync(t, a, b, c)

	ops := folderOps(t, o)
	cur := currentKeys(ops)
	mn := access.MyNumberScope(c1)
	hanas := []string{access.ClientScope(c1), mn, access.ScopeOffice}
	if got := opens(cur, []age.Identity{rec0.Identity()}); !slices.Equal(got, hanas) {
		t.Errorf("the old recovery key opens the current keys of %v, want %v (due)", got, hanas)
	}
	// jimu's new epochs of the scopes they are in: hana's concurrent ones
	// of the same epoch sit next to them in office and the client's scope.
	jimus := []string{access.ScopeAudit, access.ClientScope(c1), access.ScopeOffice}
	if got := opens(cur, []age.Identity{rec1.Identity()}); !slices.Equal(got, jimus) {
		t.Errorf("the new recovery key opens the current keys of %v, want %v", got, jimus)
	}
	want := []string{"hana", "kansa", "shocho", "tanaka"}
	for _, v := range []*vault.Vault{a, b, c} {
		if got := pending(v); !slices.Equal(got, want) {
			t.Errorf("replica %s: users pending %v, want %v", v.Device(), got, want)
		}
	}

	// The scopes are due: whoever writes next in them rotates first. Hana,
	// still logged in on PC c, stores a number; jimu edits the client and
	// writes an office record.
	num, err := c.Put("mynumber/"+c1+"/p2", nil, []byte("after"))
	must(t, err)
	_, err = b.Put("client/"+c1, headsOf(t, b, "client/"+c1), []byte("client one, edited"))
	must(t, err)
	_, err = b.Put("office/note", nil, []byte("after"))
	must(t, err)
	sync(t, a, b, c)
	ops = folderOps(t, o)
	cur = currentKeys(ops)
	if got := opens(cur, []age.Identity{rec0.Identity()}); len(got) != 0 {
		t.Errorf("after the handler's number, the old recovery key opens %v", got)
	}
	var sealedUnder uint32
	for _, op := range ops {
		if op.ID() == num {
			sealedUnder = op.Epoch
		}
	}
	if sealedUnder < 2 {
		t.Fatalf("the number was sealed under epoch %d, before the rotation", sealedUnder)
	}

	// Every enabled user logs in once: new keys, the same password.
	for _, who := range want {
		login(t, a, who)
	}
	sync(t, a, b, c)
	for _, v := range []*vault.Vault{a, b, c} {
		if got := pending(v); len(got) != 0 {
			t.Errorf("replica %s: users still pending after their logins: %v", v.Device(), got)
		}
	}
	ops = folderOps(t, o)
	cur = currentKeys(ops)
	if got := opens(cur, reach(t, ops, rec0)); len(got) != 0 {
		t.Errorf("through users' recovery copies, the old recovery key still opens %v", got)
	}
	if got := opens(cur, reach(t, ops, rec1)); len(got) != len(cur) {
		t.Errorf("the new recovery key reaches %v of %d scopes", got, len(cur))
	}
	// What was there before stays readable to its users.
	login(t, a, "hana")
	for _, p := range []string{"p1", "p2"} {
		if _, err := a.Get("mynumber/" + c1 + "/" + p); err != nil {
			t.Errorf("hana reads %s: %v", p, err)
		}
	}
	login(t, a, "kansa")
	if _, err := a.LogEntries(func(*audit.Entry) error { return nil }); err != nil {
		t.Errorf("the 監査 reads the log after their new keys: %v", err)
	}
	// Another arrival order: a PC that receives everything at once.
	all := []*vault.Vault{a, b, c, o.join("d")}
	sync(t, all...)
	for _, v := range all[1:] {
		if v.Derived() != a.Derived() {
			t.Errorf("replicas %s and %s differ", a.Device(), v.Device())
		}
	}
}

// TestRecoveryRotatePendingUsers: until a user logs in with their password,
// the earlier sheet (and only it) resets their password; a remembered login
// falls back to the password, which gives new keys.
func TestRecoveryRotatePendingUsers(t *testing.T) {
	o := newOffice(t)
	a, rec0 := o.create()
	addUser(t, a, "tanaka", access.Staff, access.Edit)
	addUser(t, a, "sato", access.Staff, access.Edit)
	kc := keychain.NewMemory()
	login(t, a, "sato")
	must(t, a.Remember(kc))
	login(t, a, "shocho")
	rec1, err := rotate(a, adminPass)
	must(t, err)
	if got := pending(a); !slices.Equal(got, []string{"sato", "tanaka"}) {
		t.Fatalf("pending %v", got)
	}
	a.Lock()
	if err := a.LoginRemembered(kc, userID(t, a, "sato")); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("a remembered login of a pending user: %v", err)
	}
	if a.Remembered(userID(t, a, "sato")) {
		t.Error("the remembered copy of the old keys is kept")
	}
	const newPass = "Zq7!hV2m-Lp4s"
	if err := a.ResetPassword("tanaka", rec1, []byte(newPass)); !errors.Is(err, vault.ErrRecoveryOutdated) {
		t.Fatalf("reset of a pending user with the new sheet: %v", err)
	}
	must(t, a.ResetPassword("tanaka", rec0, []byte(newPass)))
	if got := pending(a); !slices.Equal(got, []string{"sato"}) {
		t.Fatalf("pending after tanaka's reset: %v", got)
	}
	a.Lock()
	if err := a.ResetPassword("tanaka", rec0, []byte("Another-pw-7Qx")); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("reset with the old sheet after the user's new keys: %v", err)
	}
	login(t, a, "sato")
	if got := pending(a); len(got) != 0 {
		t.Fatalf("pending after sato's login: %v", got)
	}
	a.Lock()
	must(t, a.ResetPassword("sato", rec1, []byte(newPass)))
}

// A member of staff writes a recovery.rotate of their own; a 責任者 tries to
// go back to the first recovery key. Neither is applied anywhere.
func TestInsiderRecoveryRotate(t *testing.T) {
	o := newOffice(t)
	a, rec0 := o.create()
	addUser(t, a, "tanaka", access.Staff, access.Edit)
	addUser(t, a, "jimu", access.Admin, access.Edit)
	sync(t, a)
	_, err := rotate(a, adminPass)
	must(t, err)
	sync(t, a)

	mine, err := keys.NewRecovery()
	must(t, err)
	staff := newInsider(t, o, "tanaka", "tanaka-pw-X7c9k2")
	staffOp := staff.control(vault.KindRecoveryRotate, a.ID(), nil, map[string]any{"recipient": mine.Recipient().String()})
	staffOp.Time = journal.HLC{Wall: o.now.UnixMilli() + 1e6}
	staff.write(staffOp)
	jimu := newInsider(t, o, "jimu", "jimu-pw-X7c9k2")
	back := jimu.control(vault.KindRecoveryRotate, a.ID(), nil, map[string]any{"recipient": rec0.Recipient().String()})
	back.Time = journal.HLC{Wall: o.now.UnixMilli() + 2e6}
	jimu.write(back)

	all := judged(t, o, "b", map[string]string{staffOp.ID(): vault.ReasonDenied, back.ID(): vault.ReasonInvalid}, a)
	login(t, all[1], "shocho")
	_, err = all[1].Put("office/note", nil, []byte("after"))
	must(t, err)
	sync(t, all...)
	cur := currentKeys(folderOps(t, o))
	for _, r := range []*keys.Recovery{mine, rec0} {
		if got := opens(cur, []age.Identity{r.Identity()}); len(got) != 0 {
			t.Errorf("a refused recovery key opens the current keys of %v", got)
		}
	}
}

// A 監査's new keys start an audit epoch, and they give it its log key: a
// password change (the path a new recovery key takes at their login) works,
// and the log goes on, readable by them and the 責任者.
func TestAuditorChangesPassword(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	addUser(t, a, "kansa", access.Auditor, "")
	login(t, a, "kansa")
	const newPass = "Zq7!hV2m-Lp4s"
	must(t, a.ChangePassword([]byte("kansa-pw-X7c9k2"), []byte(newPass)))
	must(t, a.Log(audit.Entry{Action: audit.LogView, Label: "after", Result: audit.ResultOK}))
	a.Lock()
	must(t, a.Login("kansa", []byte(newPass)))
	for _, who := range []string{"kansa", "shocho"} {
		if who == "shocho" {
			login(t, a, who)
		}
		es := entries(t, a)
		if len(es) == 0 || !slices.ContainsFunc(es, func(e audit.Entry) bool { return e.Label == "after" }) {
			t.Fatalf("%s does not read the entry written after the auditor's new keys", who)
		}
	}
}
