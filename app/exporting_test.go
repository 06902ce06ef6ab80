package app_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// TestSaveExport: the clients area saves its lists where the user picks,
// as CSV or Excel, never with a My Number; a saved workbook previews back
// in the import dialog, and files that are no workbook are refused whole.
func TestSaveExport(t *testing.T) {
	saved := wintest.TempDir(t)
	a, _, _ := reportsApp(t, app.FolderDialogs{Dir: saved})
	cs := app.Clients(a)

	res, err := cs.SaveExport("clients", "xlsx", "", "ja")
	xlsx := res.Path
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(xlsx) != "顧問先一覧_20261122.xlsx" {
		t.Fatalf("saved as %q", xlsx)
	}
	if fi, err := os.Stat(xlsx); err != nil || fi.Mode().Perm() != wintest.Mode(0o600) {
		t.Fatalf("saved file: %v %v", fi, err)
	}
	res, err = cs.SaveExport("people", "xlsx", "", "en")
	people := res.Path
	if err != nil || filepath.Base(people) != "people_20261122.xlsx" {
		t.Fatalf("people: %q %v", people, err)
	}
	res, err = cs.SaveExport("people", "csv", "shift_jis", "ja")
	csv := res.Path
	if err != nil || filepath.Base(csv) != "関係者一覧_20261122.csv" {
		t.Fatalf("csv: %q %v", csv, err)
	}
	for _, p := range []string{xlsx, people, csv} {
		b, _ := os.ReadFile(p)
		if bytes.Contains(b, []byte("123456789018")) {
			t.Fatalf("%s holds a My Number", filepath.Base(p))
		}
	}

	// The saved workbook previews back: the client is already there.
	data, _ := os.ReadFile(xlsx)
	pv, err := cs.ImportPreview("clients", filepath.Base(xlsx), data, "auto", nil)
	if err != nil || pv.Format != "xlsx" || pv.Encoding != "" || pv.Rows != 1 || len(pv.Errors) != 1 || pv.Errors[0].Code != office.CodeExists || pv.Errors[0].Cell != "A2" {
		t.Fatalf("preview: %+v %v", pv, err)
	}
	data, _ = os.ReadFile(people)
	if pv, err := cs.ImportPreview("people", "x.csv", data, "shift_jis", nil); err != nil || pv.Format != "xlsx" || pv.People[0].Name != "山田 花子" {
		t.Fatalf("a workbook named .csv: %+v %v", pv, err)
	}

	bad := []struct {
		name string
		data []byte
		code string
	}{
		{"clients.xlsx", data[:len(data)-100], "import.xlsx_broken"},
		{"clients.xlsx", []byte("コード,名称\nA,B\n"), "import.xlsx_broken"},
		{"clients.csv", make([]byte, office.MaxImportBytes+1), "import.too_large"},
	}
	for _, b := range bad {
		if _, err := cs.ImportPreview("clients", b.name, b.data, "auto", nil); code(err) != b.code {
			t.Errorf("%s: %v, want %s", b.name, err, b.code)
		}
	}

	for _, c := range []struct{ kind, format, encoding string }{{"mynumbers", "csv", "utf-8-bom"}, {"clients", "pdf", ""}, {"clients", "csv", "latin-1"}} {
		if _, err := cs.SaveExport(c.kind, c.format, c.encoding, "ja"); err == nil {
			t.Errorf("%+v was saved", c)
		}
	}
}

// TestSaveExportCancelled: closing the dialog saves nothing.
func TestSaveExportCancelled(t *testing.T) {
	d := &cancelDialogs{}
	a, _, _ := reportsApp(t, d)
	saved, err := app.Clients(a).SaveExport("clients", "xlsx", "", "ja")
	path := saved.Path
	if err != nil || path != "" || d.asked != 1 {
		t.Fatalf("cancelled: %q %v (asked %d)", path, err, d.asked)
	}
}
