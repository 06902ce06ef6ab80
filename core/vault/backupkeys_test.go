package vault_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/vault"
)

func adminTargets(t *testing.T, v *vault.Vault, prefix string) []string {
	t.Helper()
	recs, err := v.AdminRecords(prefix)
	must(t, err)
	var out []string
	for _, r := range recs {
		out = append(out, r.Target)
	}
	return out
}

// TestBackupPlansOnlyByAdmins: a backup plan counts only when an enabled
// 責任者 wrote its current version. A member of staff is refused through
// the API, and their own program writing a plan record straight into the
// vault folder (with the office key every user holds) is quarantined by
// every replica and never listed; a plan whose author was disabled since
// stops counting. Any user may record a plan's last success.
func TestBackupPlansOnlyByAdmins(t *testing.T) {
	o := newOffice(t)
	a, _ := o.create()
	staff := addUser(t, a, "tanaka", access.Staff, access.Edit)
	jimu := addUser(t, a, "jimu", access.Admin, access.Edit)
	_, err := a.Put(vault.BackupPlanPrefix+"p1", nil, []byte(`{"id":"p1"}`))
	must(t, err)
	b := o.join("b")
	sync(t, a, b)

	// Through the API: refused.
	login(t, b, "tanaka")
	if _, err := b.Put(vault.BackupPlanPrefix+"p2", nil, []byte(`{"id":"p2"}`)); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("staff writing a plan: %v", err)
	}
	// A plan's last success: any user; but only that exact shape.
	if _, err := b.Put(vault.BackupStatePrefix+"p1", nil, []byte(`{"result":"ok"}`)); err != nil {
		t.Fatalf("staff writing a plan's state: %v", err)
	}
	if _, err := b.Put(vault.BackupStatePrefix+"p1/x", nil, []byte(`{}`)); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("staff writing a nested state record: %v", err)
	}
	if _, err := b.Put(vault.BackupDestPrefix+"d1", nil, []byte(`{}`)); !errors.Is(err, access.ErrDenied) {
		t.Fatalf("staff writing a destination: %v", err)
	}

	// Their own program: a plan record sealed with the office key.
	tanaka := newInsider(t, o, "tanaka", "tanaka-pw-X7c9k2")
	evil := tanaka.record(vault.BackupPlanPrefix+"evil", access.ScopeOffice, 1, nil, nil, `{"id":"evil","sources":[{"path":"C:\\"}]}`)
	tanaka.write(evil)
	c := o.join("c")
	sync(t, a, b, c)
	for _, v := range []*vault.Vault{a, b, c} {
		if v.Quarantined()[evil.ID()] == "" {
			t.Errorf("replica %s applied the insider's plan", v.Device())
		}
		login(t, v, "shocho")
		if got := adminTargets(t, v, vault.BackupPlanPrefix); !slices.Equal(got, []string{vault.BackupPlanPrefix + "p1"}) {
			t.Errorf("replica %s lists plans %v", v.Device(), got)
		}
		if r, err := v.Get(vault.BackupStatePrefix + "p1"); err != nil || r.Versions[0].Author != staff {
			t.Errorf("replica %s: the state record: %v", v.Device(), err)
		}
	}

	// A plan by a 責任者 who is disabled later: disabling them rotates the
	// office key, and the 責任者 who did it re-seals (so re-signs) it.
	login(t, a, "jimu")
	_, err = a.Put(vault.BackupPlanPrefix+"p3", nil, []byte(`{"id":"p3"}`))
	must(t, err)
	login(t, a, "shocho")
	must(t, a.UpdateUser(jimu, vault.UserChange{Name: "jimu さん", Role: access.Admin, Default: access.Edit, Disabled: true}))
	if got := adminTargets(t, a, vault.BackupPlanPrefix); len(got) != 2 {
		t.Errorf("plans after the disable: %v", got)
	}
	if r, err := a.Get(vault.BackupPlanPrefix + "p3"); err != nil || r.Versions[0].Author == jimu {
		t.Errorf("p3 after the disable: %v", err)
	}
}

// TestSealToAdmins: a backup password is wrapped to every enabled 責任者
// and the recovery key, not to staff; a disabled 責任者 drops out.
func TestSealToAdmins(t *testing.T) {
	o := newOffice(t)
	a, rec := o.create()
	addUser(t, a, "tanaka", access.Staff, access.Edit)
	jimu := addUser(t, a, "jimu", access.Admin, access.Edit)
	if got := a.Admins(); len(got) != 2 || !slices.Contains(got, jimu) {
		t.Fatalf("admins: %v", got)
	}
	secret := []byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
	wrapped, err := a.SealToAdmins(secret)
	must(t, err)
	for _, who := range []string{"shocho", "jimu"} {
		login(t, a, who)
		if got, err := a.OpenAgeFile(wrapped); err != nil || string(got) != string(secret) {
			t.Errorf("%s opens the wrapped password: %v", who, err)
		}
	}
	login(t, a, "tanaka")
	if _, err := a.OpenAgeFile(wrapped); !errors.Is(err, vault.ErrNotRecipient) {
		t.Errorf("staff opens the wrapped password: %v", err)
	}
	if got, err := vault.OpenAgeFileWith(wrapped, rec.Identity()); err != nil || string(got) != string(secret) {
		t.Errorf("the recovery key opens it: %v", err)
	}
	a.Lock()
	if _, err := a.OpenAgeFile(wrapped); !errors.Is(err, vault.ErrLocked) {
		t.Errorf("locked: %v", err)
	}
	login(t, a, "shocho")
	must(t, a.UpdateUser(jimu, vault.UserChange{Name: "jimu さん", Role: access.Admin, Default: access.Edit, Disabled: true}))
	rs, err := a.AdminRecipients()
	must(t, err)
	if len(rs) != 2 { // the recovery key and shocho
		t.Errorf("recipients after the disable: %d", len(rs))
	}
}
