package vault_test

import (
	"errors"
	"testing"

	"github.com/kinko-jp/kinko/core/access"
	pwcheck "github.com/kinko-jp/kinko/core/password"
	"github.com/kinko-jp/kinko/core/vault"
)

// weakBecause checks that err refuses a new password for reason.
func weakBecause(t *testing.T, what string, err error, reason pwcheck.Reason) {
	t.Helper()
	var weak *pwcheck.WeakError
	if !errors.Is(err, vault.ErrWeakPassword) || !errors.As(err, &weak) || weak.Reason != reason {
		t.Fatalf("%s: %v, want a weak password (%s)", what, err, reason)
	}
}

// TestWeakPasswordsRefused: every place a password is set runs the same
// check, with the user's login and name and the office's name as words an
// attacker tries first.
func TestWeakPasswordsRefused(t *testing.T) {
	o := newOffice(t)
	_, _, err := vault.Create(o.folder, "Aoba Tax", vault.NewUser{Login: "shocho", Name: "所長", Password: []byte("aobatax2025!")}, o.opts("a"))
	weakBecause(t, "creating with the office's name", err, pwcheck.Personal)
	_, _, err = vault.Create(o.folder, "Aoba Tax", vault.NewUser{Login: "shocho", Name: "所長", Password: []byte("qwertyuiop")}, o.opts("a"))
	weakBecause(t, "creating with a keyboard walk", err, pwcheck.Keyboard)

	v, rec := o.create()
	add := func(login, name, pw string) error {
		_, err := v.AddUser(vault.NewUser{Login: login, Name: name, Password: []byte(pw), Role: access.Staff})
		return err
	}
	weakBecause(t, "adding with a short password", add("suzuki", "鈴木 一郎", "short"), pwcheck.TooShort)
	weakBecause(t, "adding with a common password", add("suzuki", "鈴木 一郎", "password1234"), pwcheck.Common)
	weakBecause(t, "adding with the login", add("hanaichi", "鈴木 一郎", "hanaichi-2025"), pwcheck.Personal)
	weakBecause(t, "adding with the name", add("suzuki", "鈴木 一郎", "鈴木一郎19850412"), pwcheck.Personal)
	weakBecause(t, "adding with a date", add("suzuki", "鈴木 一郎", "19850412ab"), pwcheck.Date)
	for _, a := range v.Accounts() {
		if a.Login == "suzuki" || a.Login == "hanaichi" {
			t.Fatalf("a refused user was added: %s", a.Login)
		}
	}
	must(t, add("suzuki", "鈴木 一郎", "suzuki-pw-X7c9k2"))

	weakBecause(t, "changing to the office's name", v.ChangePassword([]byte(adminPass), []byte("山田税理士事務所2025")), pwcheck.Personal)
	weakBecause(t, "changing to the own name", v.ChangePassword([]byte(adminPass), []byte("山田太郎20240401")), pwcheck.Personal)
	weakBecause(t, "changing to a repeat", v.ChangePassword([]byte(adminPass), []byte("abcabcabcabc")), pwcheck.Sequence)

	// A refused reset logs nobody in and leaves the old password working.
	v.Lock()
	weakBecause(t, "resetting to the login", v.ResetPassword("shocho", rec, []byte("shocho-2025!!")), pwcheck.Personal)
	if v.User() != "" {
		t.Fatal("a refused reset logged the user in")
	}
	must(t, v.Login("shocho", []byte(adminPass)))
}
