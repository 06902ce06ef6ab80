package app_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/audit"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// TestHiddenAtCreation: a 責任者 creates and imports clients with a staff
// member 開示不能 from the start. Logged in as that staff member on the
// same PC, none of them can be read or listed, while a client created
// without the setting can; another staff member reads them all. The log
// counts the hidden users; staff may not set levels at creation.
func TestHiddenAtCreation(t *testing.T) {
	dir := wintest.TempDir(t)
	clk := &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	a, rec := newVaultApp(t, filepath.Join(dir, "pc"), clk)
	vs, cs := a.Vault(), app.Clients(a)
	if _, err := vs.Create(app.CreateRequest{Folder: filepath.Join(dir, "nas"), Name: "事務所", Login: "yamada", UserName: "山田", Password: "yamada-pw-X7c9k2", Handler: true}); err != nil {
		t.Fatal(err)
	}
	suzuki, err := vs.AddUser(app.NewUserRequest{Login: "suzuki", Name: "鈴木", Password: "suzuki-pw-X7c9k2", Role: "staff", Default: "edit"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := vs.AddUser(app.NewUserRequest{Login: "tanaka", Name: "田中", Password: "tanaka-pw-X7c9k2", Role: "staff", Default: "edit"}); err != nil {
		t.Fatal(err)
	}

	secret, err := cs.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社ひみつ"}, false, []string{suzuki})
	if err != nil {
		t.Fatal(err)
	}
	open, err := cs.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社みんな"}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	pv, err := cs.ImportPreview("clients", "clients.csv", []byte("コード,名称\nH-1,株式会社かくれ\nH-2,株式会社しのび\n"), "auto", nil)
	if err != nil {
		t.Fatal(err)
	}
	job, err := cs.ImportCommit(pv.Token, false, []string{suzuki})
	if err != nil {
		t.Fatal(err)
	}
	if done := rec.next(t, app.EventJobDone, 0).(app.JobDoneEvent); done.ID != job || done.Status != app.JobOK || done.Result != 2 {
		t.Fatalf("import job: %+v", done)
	}
	es, err := app.LogEntries(a)
	if err != nil {
		t.Fatal(err)
	}
	details := map[string]string{}
	for _, e := range es {
		switch {
		case e.Action == audit.ClientCreate:
			details[e.Client] = e.Detail
		case e.Action == audit.Import:
			details["import"] = e.Detail
		}
	}
	if details[secret] != "hidden=1" || details[open] != "" || !strings.Contains(details["import"], "rows=2") || !strings.HasSuffix(details["import"], " hidden=1") {
		t.Fatalf("log details: %q", details)
	}

	names := func() []string {
		t.Helper()
		list, err := cs.Clients()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range list {
			out = append(out, c.Name)
		}
		slices.Sort(out)
		return out
	}
	all := []string{"株式会社かくれ", "株式会社しのび", "株式会社ひみつ", "株式会社みんな"}
	if got := names(); !slices.Equal(got, all) {
		t.Fatalf("the 責任者 lists %q", got)
	}

	// The hidden staff member, on the same PC.
	vs.Lock()
	if _, err := vs.Login("suzuki", "suzuki-pw-X7c9k2", false); err != nil {
		t.Fatal(err)
	}
	if got := names(); !slices.Equal(got, []string{"株式会社みんな"}) {
		t.Fatalf("suzuki lists %q", got)
	}
	if _, err := cs.Client(secret); err == nil {
		t.Fatal("suzuki read a client hidden from her at its creation")
	}
	if _, err := cs.Client(open); err != nil {
		t.Fatalf("suzuki cannot read an ordinary client: %v", err)
	}

	// Another staff member reads them all, but may not hide anyone.
	vs.Lock()
	if _, err := vs.Login("tanaka", "tanaka-pw-X7c9k2", false); err != nil {
		t.Fatal(err)
	}
	if got := names(); !slices.Equal(got, all) {
		t.Fatalf("tanaka lists %q", got)
	}
	if _, err := cs.Client(secret); err != nil {
		t.Fatalf("tanaka cannot read the client hidden from suzuki: %v", err)
	}
	if _, err := cs.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社たなか"}, false, []string{suzuki}); !strings.HasPrefix(code(err), "access.") {
		t.Fatalf("staff set a level at creation: %v", err)
	}
}
