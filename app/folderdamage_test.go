package app_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// TestRevealDamagedFolderFile: a number whose blob file in the vault folder
// was altered, opened in the window of a PC that never read it, is
// reported as a damaged file of the vault folder, named — not as damage to
// this PC's replica ("join again" would be wrong advice).
func TestRevealDamagedFolderFile(t *testing.T) {
	dir := wintest.TempDir(t)
	clk := &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	nas := filepath.Join(dir, "nas")
	a, _ := newVaultApp(t, filepath.Join(dir, "pc-a"), clk)
	if _, err := a.Vault().Create(app.CreateRequest{Folder: nas, Name: "事務所", Login: "yamada", UserName: "山田", Password: "yamada-pw-X7c9k2", Handler: true}); err != nil {
		t.Fatal(err)
	}
	cs, ns := app.Clients(a), app.Numbers(a)
	id, err := cs.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社サンプル"}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := cs.SavePerson(records.Person{ClientID: id, Roles: []records.PersonRole{records.RoleEmployee}, Name: "山田 花子"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	today, _ := mynumber.NewDate(2026, time.April, 1)
	if _, err := ns.Acquire(app.AcquireRequest{Client: id, Person: pid, Number: "123456789018", Confirm: "123456789018",
		Purposes:     []mynumber.Purpose{mynumber.PurposeWithholdingSlip},
		Verification: mynumber.Verification{NumberDoc: mynumber.DocMyNumberCard, Method: mynumber.MethodInPerson, VerifiedBy: "yamada", VerifiedAt: today}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Vault().SyncNow(); err != nil {
		t.Fatal(err)
	}
	blobs, _ := filepath.Glob(filepath.Join(nas, "blobs", "*"))
	if len(blobs) != 1 {
		t.Fatalf("%d blob files, want the number's 1", len(blobs))
	}
	raw, err := os.ReadFile(blobs[0])
	if err != nil {
		t.Fatal(err)
	}
	raw[len(raw)/2] ^= 1
	if err := os.WriteFile(blobs[0], raw, 0o644); err != nil {
		t.Fatal(err)
	}

	b, _ := newVaultApp(t, filepath.Join(dir, "pc-b"), clk)
	if _, err := b.Vault().Join(nas); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Vault().Login("yamada", "yamada-pw-X7c9k2", false); err != nil {
		t.Fatal(err)
	}
	_, err = app.Numbers(b).Reveal(id, pid, string(mynumber.PurposeWithholdingSlip))
	e := app.ToError(err)
	if e.Code != "vault.folder_damaged" || e.Params["file"] != "blobs/"+filepath.Base(blobs[0]) {
		t.Fatalf("reveal: %+v (%v), want vault.folder_damaged naming the file", e, err)
	}
}
