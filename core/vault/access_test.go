package vault_test

import (
	"errors"
	"testing"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/vault"
)

// Hidden and My Number are enforced by encryption: a user outside a scope
// has no key for it, whatever the program does.
func TestScopesAreCryptographic(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	staff := addUser(t, a, "suzuki", access.Staff, access.Read)
	open := newClient(t, a, "visible")
	secret := newOwnerOnlyClient(t, a, "所長のみ")
	b := o.join("b")
	login(t, b, "suzuki")
	if got := get(t, b, "client/"+open); got != "visible" {
		t.Fatalf("read-only staff sees %q", got)
	}
	if _, err := b.Get("client/" + secret); !errors.Is(err, vault.ErrNoAccess) {
		t.Fatalf("所長のみ client: %v, want ErrNoAccess", err)
	}
	r, _ := b.Get("client/" + open)
	if _, err := b.Put("client/"+open, r.Heads(), []byte("edit")); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("read-only edit: %v, want ErrDenied", err)
	}
	list, err := b.List("client/")
	must(t, err)
	if len(list) != 1 {
		t.Fatalf("staff lists %d clients, want 1 (hidden ones never appear)", len(list))
	}
	var scanned []string
	must(t, b.Scan("client/", func(target string, data []byte) error {
		scanned = append(scanned, target+"="+string(data))
		return nil
	}))
	if len(scanned) != 1 || scanned[0] != "client/"+open+"=visible" {
		t.Fatalf("Scan gives %q, want only the visible client", scanned)
	}

	// Revocation: a new epoch the revoked user cannot open, even for
	// records written afterwards.
	must(t, a.SetLevel(staff, open, access.Hidden))
	r, _ = a.Get("client/" + open)
	_, err = a.Put("client/"+open, r.Heads(), []byte("after revocation"))
	must(t, err)
	sync(t, a, b)
	b.Lock()
	login(t, b, "suzuki")
	if _, err := b.Get("client/" + open); !errors.Is(err, vault.ErrNoAccess) {
		t.Fatalf("after revocation: %v, want ErrNoAccess", err)
	}
}

func TestMyNumberNeedsDesignation(t *testing.T) {
	o := newOffice(t)
	// The head of the office is not a handler here.
	v, _, err := vault.Create(o.folder, "事務所", vault.NewUser{Login: "shocho", Name: "所長", Password: []byte(adminPass)}, o.opts("a"))
	must(t, err)
	o.cleanup(v, "a")
	handler := addUser(t, v, "tanaka", access.Handler, access.Edit)
	c1 := newClient(t, v, "client")
	if _, err := v.Put("mynumber/"+c1+"/p1", nil, []byte("123456789018")); !errors.Is(err, vault.ErrNoAccess) && !errors.Is(err, access.ErrDenied) {
		t.Fatalf("head of office writing a My Number: %v", err)
	}
	if err := v.GrantMyNumber(v.User(), c1); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("head granting themselves: %v, want ErrDenied", err)
	}
	login(t, v, "tanaka")
	_, err = v.Put("mynumber/"+c1+"/p1", nil, []byte("123456789018"))
	must(t, err)
	if got := get(t, v, "mynumber/"+c1+"/p1"); got != "123456789018" {
		t.Fatal("handler cannot read back")
	}
	login(t, v, "shocho")
	if _, err := v.Get("mynumber/" + c1 + "/p1"); !errors.Is(err, vault.ErrNoAccess) {
		t.Fatalf("head of office reading a My Number: %v, want ErrNoAccess", err)
	}
	if err := v.RevokeMyNumber(handler, c1); err != nil {
		t.Fatalf("head revoking a handler: %v", err)
	}
	login(t, v, "tanaka")
	if _, err := v.Get("mynumber/" + c1 + "/p1"); !errors.Is(err, vault.ErrNoAccess) {
		t.Fatalf("revoked handler: %v", err)
	}
}

// A version written by a user without the right (a modified program) is
// quarantined by every other replica, never applied.
func TestUnauthorisedOpQuarantined(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	addUser(t, a, "suzuki", access.Staff, access.Read)
	c1 := newClient(t, a, "original")
	b := o.join("b")
	login(t, b, "suzuki")
	r, _ := b.Get("client/" + c1)
	forged, err := b.ForcePut("client/"+c1, r.Heads(), []byte("forged"))
	must(t, err)
	sync(t, a, b)
	if got := get(t, a, "client/"+c1); got != "original" {
		t.Fatalf("forged edit applied: %q", got)
	}
	if q := a.Quarantined(); q[forged] != vault.ReasonDenied {
		t.Fatalf("quarantine %v, want %s denied", q, forged)
	}
	if a.Status().Quarantined != 1 {
		t.Fatal("status must count the quarantined op")
	}
	o.tampered = true
}

// TestLevelBackToDefault: an empty level removes the explicit setting and
// the user's default applies again (keys follow).
func TestLevelBackToDefault(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	staff := addUser(t, a, "suzuki", access.Staff, access.Read)
	c1 := newClient(t, a, "one")
	must(t, a.SetLevel(staff, c1, access.Hidden))
	m, err := a.Matrix()
	must(t, err)
	if m.Levels[staff][c1] != "hidden" || m.Explicit[staff][c1] != "hidden" {
		t.Fatalf("hidden: %v %v", m.Levels[staff], m.Explicit[staff])
	}
	must(t, a.SetLevel(staff, c1, ""))
	m, err = a.Matrix()
	must(t, err)
	if m.Levels[staff][c1] != "read" || m.Explicit[staff][c1] != "" {
		t.Fatalf("back to default: %v %v", m.Levels[staff], m.Explicit[staff])
	}
	b := o.join("b")
	login(t, b, "suzuki")
	if got := get(t, b, "client/"+c1); got != "one" {
		t.Fatalf("default read level restored, but %q", got)
	}
}
