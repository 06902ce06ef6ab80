package vault_test

import (
	"errors"
	"testing"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/vault"
)

// A disabled staff member's back-dated edit is held as concurrent (as in
// TestInsiderBackdatedAfterDisable); a 責任者 reads it and re-applies it
// under their own name: a new version on top of the record's heads, while
// the held op stays quarantined on every replica. Staff can do neither.
func TestReapplyHeldChange(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	staff := addUser(t, a, "tanaka", access.Staff, access.Edit)
	addUser(t, a, "aoki", access.Staff, access.Edit)
	c1 := newClient(t, a, "honest")
	b := o.join("b")
	headBefore, err := a.Get("client/" + c1)
	must(t, err)
	sync(t, a, b)
	must(t, a.UpdateUser(staff, vault.UserChange{Name: "tanaka さん", Role: access.Staff, Default: access.Edit, Disabled: true}))
	sync(t, a, b)

	tanaka := newInsider(t, o, "tanaka", "tanaka-pw-X7c9k2")
	disable := tanaka.last(vault.KindUserUpdate, map[string]any{"id": staff})
	const content = "rewritten by a disabled user"
	edit := tanaka.record("client/"+c1, access.ClientScope(c1), 1, headBefore.Heads(), disable, content)
	// A control op held too: not a record edit, so not re-applicable.
	reenable := tanaka.control(vault.KindUserUpdate, staff, disable, map[string]any{"id": staff, "login": "tanaka", "name": "tanaka さん", "role": "staff", "default": "edit"})
	tanaka.write(edit, reenable)
	all := judged(t, o, "c", map[string]string{edit.ID(): vault.ReasonConcurrent}, a, b)

	// Staff may neither list, read nor re-apply held changes.
	login(t, a, "aoki")
	if _, err := a.HeldChanges(); !errors.Is(err, access.ErrDenied) {
		t.Errorf("staff lists held changes: %v, want ErrDenied", err)
	}
	if _, err := a.HeldChange(edit.ID()); !errors.Is(err, access.ErrDenied) {
		t.Errorf("staff reads a held change: %v, want ErrDenied", err)
	}
	if _, err := a.Reapply(edit.ID()); !errors.Is(err, access.ErrDenied) {
		t.Errorf("staff re-applies a held change: %v, want ErrDenied", err)
	}

	login(t, a, "shocho")
	list, err := a.HeldChanges()
	must(t, err)
	if len(list) != 1 || list[0].Op != edit.ID() || list[0].Author != staff || list[0].Target != "client/"+c1 ||
		list[0].Reason != vault.ReasonConcurrent || !list[0].Open || list[0].Data != nil {
		t.Fatalf("held changes: %+v", list)
	}
	h, err := a.HeldChange(edit.ID())
	must(t, err)
	if string(h.Data) != content || h.Author != staff || h.Device != edit.Device || h.Time != edit.Time.Wall || h.Reason != vault.ReasonConcurrent {
		t.Fatalf("held change: %+v", h)
	}
	for _, c := range []struct {
		name, op string
		want     error
	}{
		{"no such op", "nosuchdevice.1", vault.ErrNotFound},
		{"an applied op", headBefore.Heads()[0], vault.ErrNotFound},
		{"not a record edit", reenable.ID(), vault.ErrInvalidOp},
	} {
		if _, err := a.HeldChange(c.op); !errors.Is(err, c.want) {
			t.Errorf("HeldChange, %s: %v, want %v", c.name, err, c.want)
		}
		if _, err := a.Reapply(c.op); !errors.Is(err, c.want) {
			t.Errorf("Reapply, %s: %v, want %v", c.name, err, c.want)
		}
	}

	// Meanwhile b edits the record without having seen the re-apply: the
	// two are concurrent, so the record ends in a conflict, losing neither.
	login(t, b, "shocho")
	cur, err := b.Get("client/" + c1)
	must(t, err)
	later, err := b.Put("client/"+c1, cur.Heads(), []byte("a later edit"))
	must(t, err)

	id, err := a.Reapply(edit.ID())
	must(t, err)
	r, err := a.Get("client/" + c1)
	must(t, err)
	if r.Conflict() || r.Versions[0].Op != id || r.Versions[0].Author != a.User() || string(r.Versions[0].Data) != content {
		t.Fatalf("after re-apply: %+v", r.Versions)
	}
	sync(t, all...)
	for _, v := range all {
		if q := v.Quarantined()[edit.ID()]; q != vault.ReasonConcurrent {
			t.Errorf("replica %s: the held op is %q after the re-apply", v.Device(), q)
		}
	}
	login(t, all[2], "shocho")
	r, err = all[2].Get("client/" + c1)
	must(t, err)
	if !r.Conflict() {
		t.Fatalf("a re-apply concurrent with another edit: %d versions, want a conflict", len(r.Versions))
	}
	got := map[string]string{}
	for _, ver := range r.Versions {
		got[ver.Op] = string(ver.Data)
	}
	if got[id] != content || got[later] != "a later edit" {
		t.Fatalf("conflict versions: %v", got)
	}
	want := all[0].Derived()
	for _, v := range all[1:] {
		if v.Derived() != want {
			t.Errorf("replicas %s and %s differ after the re-apply", all[0].Device(), v.Device())
		}
	}
}
