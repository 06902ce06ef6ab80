package app_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// TestClientsAndMyNumbers drives the two services as the window does and
// checks the error codes and that only Reveal ever returns digits.
func TestClientsAndMyNumbers(t *testing.T) {
	dir := wintest.TempDir(t)
	clk := &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	a, _ := newVaultApp(t, filepath.Join(dir, "pc"), clk)
	if _, err := a.Vault().Create(app.CreateRequest{Folder: filepath.Join(dir, "nas"), Name: "事務所", Login: "yamada", UserName: "山田", Password: "yamada-pw-X7c9k2", Handler: true}); err != nil {
		t.Fatal(err)
	}
	cs, ns := app.Clients(a), app.Numbers(a)

	_, err := cs.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社サンプル", CorporateNumber: "7000012050003", Postal: "1234"}, false, nil)
	if code(err) != "records.invalid" {
		t.Fatalf("invalid client: %v", err)
	}
	b, _ := json.Marshal(err)
	if !strings.Contains(string(b), "corporate_number.check_digit") || !strings.Contains(string(b), "postal.format") {
		t.Fatalf("field codes missing: %s", b)
	}
	id, err := cs.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社サンプル", Kana: "さんぷる", CorporateNumber: "7000012050002"}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := cs.SavePerson(records.Person{ClientID: id, Roles: []records.PersonRole{records.RoleEmployee}, Name: "山田 花子", Kana: "ヤマダ ハナコ"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	hits, err := cs.Search("ﾔﾏﾀﾞ", 10)
	if err != nil || len(hits) != 1 || hits[0].ClientName != "株式会社サンプル" {
		t.Fatalf("search: %+v, %v", hits, err)
	}
	if info, err := ns.Info(id, pid); err != nil || info != nil {
		t.Fatalf("no number yet: %+v, %v", info, err)
	}
	today, _ := mynumber.NewDate(2026, time.April, 1)
	req := app.AcquireRequest{Client: id, Person: pid, Number: "123456789018", Confirm: "1234-5678-9018",
		Purposes: []mynumber.Purpose{mynumber.PurposeDependentsDeclaration},
		Verification: mynumber.Verification{NumberDoc: mynumber.DocNoticeLetter, IdentityDocs: []mynumber.Doc{mynumber.DocDriversLicense},
			Method: mynumber.MethodInPerson, VerifiedBy: "yamada", VerifiedAt: today}}
	if _, err := ns.Acquire(req); code(err) != "mynumber.verification.notice_letter" {
		t.Fatalf("notice letter: %v", err)
	}
	req.Verification.NumberDoc = mynumber.DocNotificationCard
	warn, err := ns.Acquire(req)
	if err != nil || len(warn) != 1 {
		t.Fatalf("notification card: %v %v", warn, err)
	}
	info, err := ns.Info(id, pid)
	if err != nil || info.Masked != "**** **** 9018" {
		t.Fatalf("info: %+v %v", info, err)
	}
	if js, _ := json.Marshal(info); strings.Contains(string(js), "12345678") {
		t.Fatal("the number leaked into the info")
	}
	if _, err := ns.Reveal(id, pid, string(mynumber.PurposeTaxReturn)); code(err) != "mynumber.purpose_not_recorded" {
		t.Fatalf("other purpose: %v", err)
	}
	var switches []bool
	app.WatchCapture(a, func(on bool) { switches = append(switches, on) })
	for range 2 { // two rows revealed at once
		if n, err := ns.Reveal(id, pid, string(mynumber.PurposeDependentsDeclaration)); err != nil || n != "123456789018" {
			t.Fatalf("reveal: %v", err)
		}
	}
	ns.Conceal()
	if len(switches) != 1 || !switches[0] {
		t.Fatalf("capture protection while one number is still shown: %v", switches)
	}
	ns.Conceal()
	ns.Conceal() // a stray extra call changes nothing
	if len(switches) != 2 || switches[1] {
		t.Fatalf("capture protection after both are masked: %v", switches)
	}
	pr, err := ns.ProposeErasure(id, pid, "retention", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ns.ApproveErasure(pr); err != nil {
		t.Fatal(err)
	}
	if _, err := ns.Reveal(id, pid, string(mynumber.PurposeDependentsDeclaration)); code(err) != "mynumber.none" {
		t.Fatalf("after erasure: %v", err)
	}
	a.Vault().Lock()
	if _, err := cs.Search("ﾔﾏﾀﾞ", 10); code(err) != "vault.locked" {
		t.Fatalf("search while locked: %v", err)
	}
}

// TestDemoVault: the first-run button's demo vault is invented data that
// every screen can use, and the login screen gets its public password.
func TestDemoVault(t *testing.T) {
	clk := &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	a, _ := newVaultApp(t, wintest.TempDir(t), clk)
	st, err := a.Vault().CreateDemo()
	if err != nil || st.Phase != app.PhaseOpen || st.DemoPassword == "" {
		t.Fatalf("demo: %+v, %v", st, err)
	}
	hits, err := app.Clients(a).Search("さんぷる", 50)
	if err != nil || len(hits) < 10 {
		t.Fatalf("demo search: %d hits, %v", len(hits), err)
	}
	for _, h := range hits {
		if !strings.Contains(h.Name, "【サンプル】") {
			t.Fatalf("a demo name is not marked as a sample: %s", h.Name)
		}
	}
	clients, _ := app.Clients(a).Clients()
	numbers, without := 0, 0
	for _, c := range clients {
		people, _ := app.Clients(a).People(c.ID)
		for _, p := range people {
			info, err := app.Numbers(a).Info(c.ID, p.ID)
			switch {
			case err != nil:
				t.Fatal(err)
			case info == nil:
				without++
			case !strings.HasPrefix(info.Masked, "**** **** "):
				t.Fatalf("demo number shown as %q", info.Masked)
			default:
				numbers++
			}
		}
	}
	if len(clients) != 5 || numbers == 0 || without == 0 {
		t.Fatalf("demo: %d clients, %d people with a number, %d without", len(clients), numbers, without)
	}
}

// TestImportService: preview then commit, as the import dialog does.
func TestImportService(t *testing.T) {
	dir := wintest.TempDir(t)
	clk := &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	a, rec := newVaultApp(t, filepath.Join(dir, "pc"), clk)
	if _, err := a.Vault().Create(app.CreateRequest{Folder: filepath.Join(dir, "nas"), Name: "事務所", Login: "yamada", UserName: "山田", Password: "yamada-pw-X7c9k2"}); err != nil {
		t.Fatal(err)
	}
	cs := app.Clients(a)
	csv, _ := japanese.ShiftJIS.NewEncoder().String("コード,名称,フリガナ\r\nA-1,株式会社あおば,あおば\r\nA-2,株式会社みどり,\r\n")
	pv, err := cs.ImportPreview("clients", "顧問先.csv", []byte(csv), "auto", nil)
	if err != nil || pv.Format != "csv" || pv.Encoding != "shift_jis" || pv.Rows != 2 || len(pv.Errors) != 0 || pv.Mapping[1] != "name" || pv.Clients[0].Kana != "アオバ" {
		t.Fatalf("preview: %+v, %v", pv, err)
	}
	if _, err := cs.ImportCommit("stale-token", false, nil); code(err) != "import.expired" {
		t.Fatalf("unknown token: %v", err)
	}
	// The commit is a job: progress, cancel, and the count in job:done.
	id, err := cs.ImportCommit(pv.Token, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := rec.next(t, app.EventJobDone, 0).(app.JobDoneEvent)
	if done.ID != id || done.Kind != "clients.import" || done.Status != app.JobOK || done.Result != 2 {
		t.Fatalf("import job: %+v", done)
	}
	if hits, _ := cs.Search("みどり", 10); len(hits) != 1 {
		t.Fatal("imported client not searchable")
	}
	// A remapped column: the reading column ignored.
	pv, err = cs.ImportPreview("clients", "sora.csv", []byte("コード,名称,フリガナ\nB-1,株式会社そら,そら\n"), "utf-8", []string{"code", "name", ""})
	if err != nil || pv.Clients[0].Kana != "" {
		t.Fatalf("remapped: %+v, %v", pv, err)
	}
}

// TestDemoDoesNotTrap: after trying the demo, a restart shows the first-run
// wizard again (not the demo's login), the demo can be left at any time,
// and once the office's vault exists a restart opens that one; the demo
// stays marked among the vaults of the PC.
func TestDemoDoesNotTrap(t *testing.T) {
	dir := wintest.TempDir(t)
	clk := &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	a, _ := newVaultApp(t, dir, clk)
	st, err := a.Vault().CreateDemo()
	if err != nil || st.Phase != app.PhaseOpen || st.DemoID == "" || st.DemoID != st.Vault.ID {
		t.Fatalf("demo: %+v, %v", st, err)
	}
	demoID := st.DemoID
	a.Shutdown(t.Context())

	// Restart with only the demo on the PC: the wizard, the demo marked.
	a, _ = newVaultApp(t, dir, clk)
	st, err = a.Vault().State()
	if err != nil || st.Phase != app.PhaseSetup || st.Vault != nil || st.DemoID != demoID {
		t.Fatalf("after a restart in the demo: phase %q, vault %+v, demo %q: %v", st.Phase, st.Vault, st.DemoID, err)
	}
	// Back into the demo, and out of it again.
	if st, err = a.Vault().CreateDemo(); err != nil || st.Phase != app.PhaseOpen {
		t.Fatalf("demo again: %+v %v", st, err)
	}
	if st, err = a.Vault().LeaveDemo(); err != nil || st.Phase != app.PhaseSetup || st.Vault != nil {
		t.Fatalf("leave the demo: %+v %v", st, err)
	}
	// The office's vault.
	if _, err := a.Vault().Create(app.CreateRequest{Folder: filepath.Join(dir, "nas"), Name: "山田税理士事務所", Login: "yamada", UserName: "山田", Password: "yamada-pw-X7c9k2"}); err != nil {
		t.Fatal(err)
	}
	// LeaveDemo outside the demo leaves the office's session alone.
	if st, err = a.Vault().LeaveDemo(); err != nil || st.Phase != app.PhaseOpen {
		t.Fatalf("LeaveDemo in the office's vault: %+v %v", st, err)
	}
	a.Shutdown(t.Context())

	a, _ = newVaultApp(t, dir, clk)
	st, err = a.Vault().State()
	if err != nil || st.Phase != app.PhaseLocked || st.Vault == nil || st.Vault.Name != "山田税理士事務所" || st.DemoPassword != "" {
		t.Fatalf("a restart opens the office's vault: %+v %v", st, err)
	}
	if len(st.Known) != 2 || st.DemoID != demoID {
		t.Fatalf("both vaults known, the demo marked: %+v", st)
	}
}
