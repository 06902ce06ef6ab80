package app_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/keychain"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/core/report/reporttest"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// cancelDialogs is a user who closes every save dialog.
type cancelDialogs struct{ asked int }

func (c *cancelDialogs) SaveFile(app.SaveDialog) (string, error)       { c.asked++; return "", nil }
func (c *cancelDialogs) ChooseFolder(app.FolderDialog) (string, error) { c.asked++; return "", nil }
func (c *cancelDialogs) ChooseFiles(app.FilesDialog) ([]string, error) { c.asked++; return nil, nil }
func (c *cancelDialogs) ChoosePackage(app.FilesDialog) (string, error) { c.asked++; return "", nil }

func reportsApp(t *testing.T, dialogs app.Dialogs) (*app.App, string, string) {
	t.Helper()
	a, client, person, _ := reportsAppRec(t, dialogs)
	return a, client, person
}

// reportsAppRec is reportsApp with the events the window would get.
func reportsAppRec(t *testing.T, dialogs app.Dialogs) (*app.App, string, string, *recorder) {
	t.Helper()
	dir := wintest.TempDir(t)
	clk := &clock{t: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)}
	rec := &recorder{}
	a := app.New(app.Options{Emitter: rec, DataDir: filepath.Join(dir, "pc"), Keys: &keys.Options{WorkFactor: 10},
		Keychain: keychain.NewMemory(), Now: clk.now, SyncInterval: time.Hour, IdleLock: -1, Catalog: catalog(t), Dialogs: dialogs})
	a.Startup(t.Context())
	t.Cleanup(func() { a.Shutdown(t.Context()) })
	if _, err := a.Vault().Create(app.CreateRequest{Folder: filepath.Join(dir, "nas"), Name: "台帳事務所", Login: "yamada", UserName: "山田", Password: "yamada-pw-X7c9k2", Handler: true}); err != nil {
		t.Fatal(err)
	}
	cs, ns := app.Clients(a), app.Numbers(a)
	id, err := cs.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社サンプル", Code: "S/01"}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := cs.SavePerson(records.Person{ClientID: id, Roles: []records.PersonRole{records.RoleEmployee}, Name: "山田 花子", Kana: "ヤマダ ハナコ"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	today, _ := mynumber.NewDate(2026, time.April, 1)
	if _, err := ns.Acquire(app.AcquireRequest{Client: id, Person: pid, Number: "123456789018", Confirm: "123456789018",
		Purposes: []mynumber.Purpose{mynumber.PurposeWithholdingSlip}, Role: "employee",
		Verification: mynumber.Verification{NumberDoc: mynumber.DocMyNumberCard, Method: mynumber.MethodInPerson, VerifiedBy: "yamada", VerifiedAt: today}}); err != nil {
		t.Fatal(err)
	}
	return a, id, pid, rec
}

func TestSaveLedger(t *testing.T) {
	saved := wintest.TempDir(t)
	a, _, _ := reportsApp(t, app.FolderDialogs{Dir: saved})
	path, err := app.Reports(a).SaveLedger("pdf", "", "ja")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(path) != "特定個人情報管理台帳_20261122.pdf" {
		t.Fatalf("saved as %q", path)
	}
	pdf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(reporttest.Text(t, pdf)), "")
	for _, s := range []string{"特定個人情報の管理台帳", "台帳事務所", "株式会社サンプル", "山田花子", "源泉徴収票"} {
		if !strings.Contains(text, s) {
			t.Errorf("the saved PDF lacks %q", s)
		}
	}
	if strings.Contains(text, "123456789018") || strings.Contains(text, "9018") {
		t.Fatal("a number in the ledger")
	}
	path, err = app.Reports(a).SaveLedger("csv", "shift_jis", "en")
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(path)
	defer f.Close()
	rows, err := jtext.NewCSVReader(f, jtext.ShiftJIS).ReadAll()
	if err != nil || len(rows) != 2 || rows[0][0] != "Client code" {
		t.Fatalf("CSV in English, Shift_JIS: %v %v", rows, err)
	}
	if _, err := app.Reports(a).SaveLedger("docx", "", "ja"); code(err) != app.CodeUsage {
		t.Fatalf("unknown format: %v", err)
	}
}

func TestSaveFiling(t *testing.T) {
	saved := wintest.TempDir(t)
	a, client, person := reportsApp(t, app.FolderDialogs{Dir: saved})
	ns := app.Numbers(a)
	cands, err := ns.FilingCandidates(client, "withholding_slip")
	if err != nil || len(cands) != 1 || cands[0].Masked != "**** **** 9018" {
		t.Fatalf("candidates %+v, %v", cands, err)
	}
	res, err := ns.SaveFiling(office.FilingRequest{Client: client, Purpose: mynumber.PurposeWithholdingSlip, People: []string{person}}, "shift_jis", "ja")
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 1 || filepath.Base(res.Path) != "提出用データ_S_01_源泉徴収票_20261122.csv" {
		t.Fatalf("result %+v", res)
	}
	fi, err := os.Stat(res.Path)
	if err != nil || fi.Mode().Perm() != wintest.Mode(0o600) {
		t.Fatalf("the file with numbers: %v %v", fi.Mode(), err)
	}
	data, _ := os.ReadFile(res.Path)
	if !bytes.Contains(data, []byte("123456789018")) {
		t.Fatal("the filing export lacks the number")
	}
	// Another purpose: refused before any dialog.
	if _, err := ns.SaveFiling(office.FilingRequest{Client: client, Purpose: mynumber.PurposeTaxReturn}, "shift_jis", "ja"); code(err) != "filing.nothing" {
		t.Fatalf("nothing to file: %v", err)
	}
}

func TestSaveCancelled(t *testing.T) {
	d := &cancelDialogs{}
	a, client, _ := reportsApp(t, d)
	if path, err := app.Reports(a).SaveLedger("pdf", "", "ja"); err != nil || path != "" {
		t.Fatalf("cancelled ledger: %q %v", path, err)
	}
	res, err := app.Numbers(a).SaveFiling(office.FilingRequest{Client: client, Purpose: mynumber.PurposeWithholdingSlip}, "utf-8-bom", "ja")
	if err != nil || res.Path != "" || res.Rows != 0 || d.asked != 2 {
		t.Fatalf("cancelled filing: %+v %v (asked %d)", res, err, d.asked)
	}
}
