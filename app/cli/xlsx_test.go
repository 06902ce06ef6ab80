package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kinko-jp/kinko/app"
	"github.com/kinko-jp/kinko/internal/wintest"
)

// TestXLSXVerbs: kinko export writes an Excel workbook when the file is
// named .xlsx (or --format xlsx), kinko import reads one back with each
// problem's row, column and cell, and files that are no workbook or too
// large are refused whole.
func TestXLSXVerbs(t *testing.T) {
	dir := wintest.TempDir(t)
	env := map[string]string{"KINKO_HOME": filepath.Join(dir, "pc"), "KINKO_PASSWORD": "shocho-pw-X7c9k2-1"}
	pw := writeFile(t, dir, "shocho-pw-X7c9k2-1")
	if _, stderr, code := run(t, env, "vault", "init", "--folder", filepath.Join(dir, "nas"), "--name", "事務所", "--login", "shocho", "--password-file", pw); code != app.ExitOK {
		t.Fatal(stderr)
	}
	// A workbook as an office keeps it: 法人番号 and the postal code typed as numbers.
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"顧問先コード", "名称", "法人番号", "郵便番号", "契約開始日"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"A-1", "株式会社あおば", 7000012050002, 1000001, 45383})
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellStyle("Sheet1", "E2", "E2", dateStyle)
	in := filepath.Join(dir, "顧問先.xlsx")
	if err := f.SaveAs(in); err != nil {
		t.Fatal(err)
	}
	f.Close()
	stdout, stderr, code := run(t, env, "import", "clients", "--as", "shocho", "--file", in)
	if code != app.ExitOK || !strings.Contains(stdout, "Excel、1 枚目のシート") || !strings.Contains(stdout, "1 件を取り込みました") {
		t.Fatalf("import: %d\n%s\n%s", code, stdout, stderr)
	}

	out := filepath.Join(dir, "out.xlsx")
	stdout, stderr, code = run(t, env, "export", "clients", "--as", "shocho", "--file", out)
	if code != app.ExitOK || !strings.Contains(stdout, "1 件を Excel ファイルに書き出しました") {
		t.Fatalf("export: %d %s %s", code, stdout, stderr)
	}
	wb, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := wb.GetRows(wb.GetSheetList()[0])
	wb.Close()
	if len(rows) != 2 || strings.Join(rows[1][:6], ",") != "A-1,法人,株式会社あおば,,7000012050002,100-0001" || rows[1][10] != "2024-04-01" {
		t.Fatalf("exported rows: %q", rows)
	}
	other := filepath.Join(dir, "people.dat")
	if _, stderr, code := run(t, env, "export", "people", "--as", "shocho", "--file", other, "--format", "xlsx"); code != app.ExitOK {
		t.Fatal(stderr)
	}
	if b, _ := os.ReadFile(other); !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		t.Fatal("--format xlsx did not write a workbook")
	}
	if _, _, code := run(t, env, "export", "clients", "--as", "shocho", "--file", out, "--format", "pdf"); code != app.ExitUsage {
		t.Fatalf("unknown format: exit %d", code)
	}

	// The export back into the same vault: the code is taken, told by cell.
	stdout, stderr, code = run(t, env, "import", "clients", "--as", "shocho", "--file", out)
	if code != app.ExitData || !strings.Contains(stdout, "2 行目「顧問先コード」（セル A2）") || !strings.Contains(stderr, "何も取り込みませんでした") {
		t.Fatalf("re-import: %d\n%s\n%s", code, stdout, stderr)
	}

	renamed := filepath.Join(dir, "renamed.xlsx")
	os.WriteFile(renamed, []byte("顧問先コード,名称\nB-1,株式会社そら\n"), 0o600)
	_, stderr, code = run(t, env, "import", "clients", "--as", "shocho", "--file", renamed)
	if code != app.ExitData || !strings.Contains(stderr, "Excel ファイル（.xlsx）として読めません") {
		t.Fatalf("a CSV named .xlsx: %d %s", code, stderr)
	}
	// A file over the limit (sparse: no 65 MB written) is refused.
	big := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(big, []byte("顧問先コード,名称\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 65<<20); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = run(t, env, "import", "clients", "--as", "shocho", "--file", big)
	if code != app.ExitData || !strings.Contains(stderr, "64 MB まで") {
		t.Fatalf("a 65 MB file: %d %s", code, stderr)
	}
	stdout, _, _ = run(t, env, "--lang", "en", "export", "clients", "--as", "shocho", "--file", filepath.Join(dir, "check.csv"))
	if !strings.Contains(stdout, "Exported 1 records") {
		t.Fatalf("after the refused files: %s", stdout)
	}
}
