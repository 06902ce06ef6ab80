package vault_test

import (
	"errors"
	"testing"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/vault"
)

// TestAuditorIsHiddenEverywhere: a 監査 reads the access log and nothing
// else. Added without a level they are 開示不能; no default, explicit level
// or role change gives them a client's key, and the ops that would try are
// refused by the replica check every PC runs.
func TestAuditorIsHiddenEverywhere(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	c1 := newClient(t, a, "client one")

	kansa := addUser(t, a, "kansa", access.Auditor, "")
	if got := account(t, a, "kansa").Default; got != string(access.Hidden) {
		t.Fatalf("an auditor added without a level has default %q, want hidden", got)
	}
	addUser(t, a, "suzuki", access.Staff, "")
	if got := account(t, a, "suzuki").Default; got != string(access.Read) {
		t.Fatalf("staff added without a level has default %q, want read", got)
	}

	denied := func(what string, err error) {
		t.Helper()
		var de *access.DeniedError
		if !errors.As(err, &de) || de.Reason != access.ReasonRoleLevel {
			t.Fatalf("%s: %v, want a refusal with reason %s", what, err, access.ReasonRoleLevel)
		}
	}
	_, err := a.AddUser(vault.NewUser{Login: "kansa2", Name: "監査 二郎", Password: []byte("kansa2-pw-X7c9k2"), Role: access.Auditor, Default: access.Edit})
	denied("adding an auditor with edit", err)
	denied("granting an auditor edit", a.SetLevel(kansa, c1, access.Edit))
	denied("granting an auditor read", a.SetLevel(kansa, c1, access.Read))
	denied("raising an auditor's default", a.UpdateUser(kansa, vault.UserChange{Name: "kansa さん", Role: access.Auditor, Default: access.Edit}))
	_, err = a.CreateClient(vault.NewClient{Levels: map[string]access.Level{kansa: access.Read}, Data: []byte("client two")})
	denied("creating a client an auditor may read", err)
	createClient(t, a, vault.NewClient{Levels: map[string]access.Level{kansa: access.Hidden}, Data: []byte("client three")})
	must(t, a.SetLevel(kansa, c1, access.Hidden)) // saying so is allowed
	must(t, a.SetLevel(kansa, c1, ""))

	if m, err := a.Matrix(); err != nil || m.Levels[kansa][c1] != string(access.Hidden) {
		t.Fatalf("matrix: %v %v, want the auditor hidden", err, m)
	}
	login(t, a, "kansa")
	if _, err := a.Get("client/" + c1); !errors.Is(err, vault.ErrNoAccess) && !errors.Is(err, access.ErrDenied) {
		t.Fatalf("an auditor read a client: %v", err)
	}

	// A staff member with edit rights made an auditor keeps no client.
	login(t, a, "shocho")
	sato := addUser(t, a, "sato", access.Staff, access.Edit)
	must(t, a.SetLevel(sato, c1, access.Edit))
	denied("making edit staff an auditor that keeps edit", a.UpdateUser(sato, vault.UserChange{Name: "sato さん", Role: access.Auditor, Default: access.Edit}))
	must(t, a.UpdateUser(sato, vault.UserChange{Name: "sato さん", Role: access.Auditor, Default: access.Hidden}))
	_, err = a.Put("client/"+c1, headsOf(t, a, "client/"+c1), []byte("written after"))
	must(t, err)
	login(t, a, "sato")
	if _, err := a.Get("client/" + c1); !errors.Is(err, vault.ErrNoAccess) && !errors.Is(err, access.ErrDenied) {
		t.Fatalf("a staff member made an auditor still reads the client: %v", err)
	}

	// Another PC that imports the ops agrees.
	b := o.join("b")
	login(t, b, "shocho")
	if m, err := b.Matrix(); err != nil || m.Levels[kansa][c1] != string(access.Hidden) || m.Levels[sato][c1] != string(access.Hidden) {
		t.Fatalf("matrix on b: %v %+v", err, m)
	}
}

func account(t *testing.T, v *vault.Vault, login string) vault.Account {
	t.Helper()
	for _, a := range v.Accounts() {
		if a.Login == login {
			return a
		}
	}
	t.Fatalf("no user %s", login)
	return vault.Account{}
}

func headsOf(t *testing.T, v *vault.Vault, target string) []string {
	t.Helper()
	r, err := v.Get(target)
	if err != nil {
		t.Fatalf("get %s: %v", target, err)
	}
	return r.Heads()
}
