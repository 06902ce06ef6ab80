package office_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/office"
	"github.com/kinko-jp/kinko/core/records"
	"github.com/kinko-jp/kinko/internal/wintest"
)

func date(y int, m time.Month, d int) *records.Date { return &records.Date{Y: y, M: m, D: d} }

// TestXLSXRoundTrip: clients and people exported as a workbook import back
// into another vault with the same values; the workbook has a bold, frozen
// title row, sized columns, text cells only and no formula.
func TestXLSXRoundTrip(t *testing.T) {
	v, _ := newVault(t)
	o := office.New(v)
	must(t, o.Load())
	clients := []records.Client{
		{Code: "0012", Kind: records.KindCorporation, Name: "株式会社あおば", Kana: "アオバ", CorporateNumber: "7000012050002", Postal: "060-0001",
			Address: "札幌市中央区北1条西1-1", Phone: "011-111-2222", Email: "info@example.jp", FiscalMonth: 3,
			EngagedFrom: date(2019, time.April, 1), EngagedUntil: date(2031, time.March, 31), Notes: "=HYPERLINK(\"http://x\")", Tags: []string{"月次", "年末調整"}},
		{Code: "A-2", Kind: records.KindSoleProprietor, Name: "+山田 太郎", Kana: "ヤマダ　タロウ", Notes: "-5\n2行目", Phone: "090-1234-5678"},
		{Code: "A-3", Kind: records.KindIndividual, Name: "@佐藤 花子", Kana: "サトウ　ハナコ"},
	}
	ids := map[string]string{}
	for _, c := range clients {
		id, err := o.CreateClient(c, false)
		must(t, err)
		ids[c.Code] = id
	}
	people := []records.Person{
		{ClientID: ids["0012"], Roles: []records.PersonRole{records.RoleOfficer, records.RoleEmployee}, Name: "鈴木 一郎", Kana: "スズキ　イチロウ",
			Birth: date(1975, time.January, 2), Joined: date(2008, time.April, 1), Postal: "001-0001", Phone: "011-000-0001"},
		{ClientID: ids["0012"], Roles: []records.PersonRole{records.RoleDependent}, Name: "鈴木 花子", Kana: "スズキ　ハナコ", Birth: date(2010, time.May, 6), Notes: "=1+2"},
		{ClientID: ids["A-2"], Roles: []records.PersonRole{records.RolePayee}, Name: "高橋 健", Left: date(2024, time.December, 31)},
	}
	for _, p := range people {
		_, err := o.PutPerson(p, nil)
		must(t, err)
	}

	var cx, px bytes.Buffer
	if n, err := o.ExportXLSX(&cx, office.ImportClients); err != nil || n != 3 {
		t.Fatalf("export clients: %d, %v", n, err)
	}
	if n, err := o.ExportXLSX(&px, office.ImportPeople); err != nil || n != 3 {
		t.Fatalf("export people: %d, %v", n, err)
	}

	t.Run("workbook", func(t *testing.T) {
		for _, part := range sheetXML(t, cx.Bytes()) {
			if strings.Contains(part, "<f>") || strings.Contains(part, "<f ") {
				t.Fatal("the export holds a formula")
			}
		}
		f, err := excelize.OpenReader(bytes.NewReader(cx.Bytes()))
		must(t, err)
		defer f.Close()
		sheet := f.GetSheetList()[0]
		if sheet != "顧問先一覧" {
			t.Errorf("sheet %q", sheet)
		}
		panes, err := f.GetPanes(sheet)
		must(t, err)
		if !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("title row not frozen: %+v", panes)
		}
		styleID, err := f.GetCellStyle(sheet, "A1")
		must(t, err)
		style, err := f.GetStyle(styleID)
		must(t, err)
		if style.Font == nil || !style.Font.Bold {
			t.Error("title row not bold")
		}
		if w, _ := f.GetColWidth(sheet, "G"); w < 20 { // 住所
			t.Errorf("address column %.0f wide", w)
		}
		for _, cell := range []string{"A2", "E2", "F2", "M2", "C3"} { // code, 法人番号, postal, notes "=…", name "+…"
			typ, err := f.GetCellType(sheet, cell)
			must(t, err)
			if typ != excelize.CellTypeInlineString {
				t.Errorf("%s is not a text cell: %v", cell, typ)
			}
		}
		if got, _ := f.GetCellValue(sheet, "A2"); got != "0012" {
			t.Errorf("code %q lost its zeros", got)
		}
	})

	v2, _ := newVault(t)
	o2 := office.New(v2)
	must(t, o2.Load())
	back, err := office.ParseXLSX(office.ImportClients, &cx, nil, map[string]string{})
	must(t, err)
	if len(back.Errors) != 0 || len(back.Clients) != 3 {
		t.Fatalf("re-import clients: %d, %+v", len(back.Clients), back.Errors)
	}
	for i, got := range back.Clients {
		want := clients[i]
		want.Normalize()
		got.ID = ""
		if !sameClient(got, want) {
			t.Errorf("client %d differs after a round trip:\n got %+v\nwant %+v", i, got, want)
		}
	}
	_, err = o2.Import(context.Background(), back, nil)
	must(t, err)
	codes, err := o2.CodeIndex()
	must(t, err)
	backP, err := office.ParseXLSX(office.ImportPeople, &px, nil, codes)
	must(t, err)
	if len(backP.Errors) != 0 || len(backP.People) != 3 {
		t.Fatalf("re-import people: %d, %+v", len(backP.People), backP.Errors)
	}
	for i, want := range people {
		want.Normalize()
		j := slices.IndexFunc(backP.People, func(p records.Person) bool { return p.Name == want.Name })
		if j < 0 {
			t.Fatalf("person %d is missing after a round trip", i)
		}
		got := backP.People[j]
		code := map[string]string{ids["0012"]: "0012", ids["A-2"]: "A-2"}[want.ClientID]
		if got.ClientID != codes[code] {
			t.Errorf("person %d landed at the wrong client", i)
		}
		if got.Name != want.Name || got.Kana != want.Kana || !slices.Equal(got.Roles, want.Roles) || got.Notes != want.Notes ||
			got.Postal != want.Postal || got.Phone != want.Phone || !sameDate(got.Birth, want.Birth) || !sameDate(got.Joined, want.Joined) || !sameDate(got.Left, want.Left) {
			t.Errorf("person %d differs after a round trip:\n got %+v\nwant %+v", i, got, want)
		}
	}
}

func sameDate(a, b *records.Date) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func sameClient(a, b records.Client) bool {
	return a.Code == b.Code && a.Kind == b.Kind && a.Name == b.Name && a.Kana == b.Kana && a.CorporateNumber == b.CorporateNumber &&
		a.Postal == b.Postal && a.Address == b.Address && a.Phone == b.Phone && a.Email == b.Email && a.FiscalMonth == b.FiscalMonth &&
		sameDate(a.EngagedFrom, b.EngagedFrom) && sameDate(a.EngagedUntil, b.EngagedUntil) && a.Notes == b.Notes && slices.Equal(a.Tags, b.Tags)
}

// sheetXML returns the worksheet parts of a workbook.
func sheetXML(t *testing.T, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	must(t, err)
	var out []string
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			r, err := f.Open()
			must(t, err)
			b, err := io.ReadAll(r)
			must(t, err)
			out = append(out, string(b))
		}
	}
	if len(out) == 0 {
		t.Fatal("no worksheet in the workbook")
	}
	return out
}

// workbook builds an .xlsx the way an office's own list looks: cell
// values with Excel number formats, set by fill.
func workbook(t *testing.T, fill func(f *excelize.File, sheet string, style func(cell string, s *excelize.Style))) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	fill(f, sheet, func(cell string, s *excelize.Style) {
		id, err := f.NewStyle(s)
		must(t, err)
		must(t, f.SetCellStyle(sheet, cell, cell, id))
	})
	var b bytes.Buffer
	_, err := f.WriteTo(&b)
	must(t, err)
	return b.Bytes()
}

func numFmt(code string) *excelize.Style { return &excelize.Style{CustomNumFmt: &code} }

// TestXLSXCells: a workbook typed by hand in Excel — 法人番号 and postal
// codes stored as numbers, Excel dates in several formats, a title row
// below a blank row — reads as the text a clerk sees, without exponents
// and with leading zeros and real dates.
func TestXLSXCells(t *testing.T) {
	day := time.Date(2024, time.April, 1, 0, 0, 0, 0, time.UTC)
	data := workbook(t, func(f *excelize.File, s string, style func(string, *excelize.Style)) {
		set := func(cell string, v any) { must(t, f.SetCellValue(s, cell, v)) }
		// Row 1 is blank; the titles are in row 2.
		for i, h := range []string{"コード", "名称", "法人番号", "郵便番号", "電話番号", "決算月", "契約開始日", "契約終了日", "備考"} {
			cell, _ := excelize.CoordinatesToCellName(i+1, 2)
			set(cell, h)
		}
		// Row 3: numbers as Excel stores them when typed without a format.
		set("A3", 12)
		set("B3", "株式会社いろは")
		set("C3", 7000012050002) // General: Excel shows 7.00001E+12 in a narrow column, stores the digits
		set("D3", 600001)
		style("D3", numFmt("0000000"))
		set("E3", 312345678)
		style("E3", numFmt("00-0000-0000"))
		set("F3", 3)
		style("F3", numFmt(`0"月"`))
		set("G3", day)
		style("G3", &excelize.Style{NumFmt: 14})
		set("H3", day.AddDate(5, 0, -1))
		style("H3", numFmt(`[$-ja-JP]ggge"年"m"月"d"日"`))
		set("I3", "0600001") // text that looks like a number
		// Row 4 is empty; row 5: the number shown with grouping and exponent.
		set("A5", "B-2")
		set("B5", "株式会社にほへ")
		set("C5", 7000012050002)
		style("C5", &excelize.Style{NumFmt: 3}) // #,##0
		set("D5", 600001)
		style("D5", numFmt(`000\-0000`))
		set("G5", day)
		style("G5", numFmt("yyyy/m/d"))
		set("H5", day)
		style("H5", &excelize.Style{NumFmt: 22}) // date and time
		set("I5", 7000012050002)
		style("I5", &excelize.Style{NumFmt: 11}) // 0.00E+00
	})
	p, err := office.ParseXLSX(office.ImportClients, bytes.NewReader(data), nil, map[string]string{})
	must(t, err)
	if p.Rows != 2 || len(p.Errors) != 0 {
		t.Fatalf("rows %d, errors %+v", p.Rows, p.Errors)
	}
	a, b := p.Clients[0], p.Clients[1]
	checks := []struct{ name, got, want string }{
		{"code", a.Code, "12"},
		{"法人番号 (General)", a.CorporateNumber, "7000012050002"},
		{"postal 0000000", a.Postal, "060-0001"},
		{"phone 00-0000-0000", a.Phone, "03-1234-5678"},
		{"fiscal month 0月", strconv.Itoa(a.FiscalMonth), "3"},
		{"date (format 14)", a.EngagedFrom.String(), "2024-04-01"},
		{"date (和暦)", a.EngagedUntil.String(), "2029-03-31"},
		{"text digits", a.Notes, "0600001"},
		{"法人番号 (#,##0)", b.CorporateNumber, "7000012050002"},
		{"postal 000-0000", b.Postal, "060-0001"},
		{"date yyyy/m/d", b.EngagedFrom.String(), "2024-04-01"},
		{"date and time", b.EngagedUntil.String(), "2024-04-01"},
		{"0.00E+00", b.Notes, "7000012050002"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}

	// A workbook on the 1904 date system (old Mac Excel) gives the same day.
	data = workbook(t, func(f *excelize.File, s string, style func(string, *excelize.Style)) {
		yes := true
		must(t, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
		must(t, f.SetSheetRow(s, "A1", &[]any{"氏名", "顧問先コード", "役割", "生年月日"}))
		must(t, f.SetSheetRow(s, "A2", &[]any{"鈴木 一郎", "A-1", "役員", 43921})) // 2024-04-01 counted from 1904
		style("D2", &excelize.Style{NumFmt: 14})
	})
	p, err = office.ParseXLSX(office.ImportPeople, bytes.NewReader(data), nil, map[string]string{"A-1": "c1"})
	must(t, err)
	if len(p.Errors) != 0 || p.People[0].Birth.String() != "2024-04-01" {
		t.Fatalf("1904 date: %+v %v", p.Errors, p.People[0].Birth)
	}
}

// TestXLSXRowErrors: row problems of a workbook carry the data row, the
// column title and the cell, never the content; a file with any is not
// imported.
func TestXLSXRowErrors(t *testing.T) {
	v, _ := newVault(t)
	o := office.New(v)
	must(t, o.Load())
	data := workbook(t, func(f *excelize.File, s string, _ func(string, *excelize.Style)) {
		must(t, f.SetSheetRow(s, "A1", &[]any{"顧問先コード", "名称", "法人番号", "郵便番号", "契約開始日"}))
		must(t, f.SetSheetRow(s, "A2", &[]any{"C-1", "株式会社ちりぬ", "", "", ""}))
		must(t, f.SetSheetRow(s, "A3", &[]any{"C-2", "株式会社いろは", 1234567890123, "12", "令和7年2月30日"}))
		// Row 4 blank: skipped, but errors name the sheet's rows, as the
		// cells do (issue 12: "row 1 … (cell A2)" sent the clerk astray).
		must(t, f.SetSheetRow(s, "A5", &[]any{"C-1", "", "", "", ""}))
	})
	p, err := office.ParseXLSX(office.ImportClients, bytes.NewReader(data), nil, map[string]string{})
	must(t, err)
	type key struct {
		row          int
		column, cell string
		code         string
	}
	var got []key
	for _, e := range p.Errors {
		got = append(got, key{e.Row, e.Column, e.Cell, e.Code})
		if strings.Contains(e.Column+e.Cell, "いろは") {
			t.Fatal("an error carries a cell's content")
		}
	}
	want := []key{
		{3, "法人番号", "C3", "corporate_number.check_digit"},
		{3, "郵便番号", "D3", "postal.format"},
		{3, "契約開始日", "E3", "date.invalid"},
		{5, "名称", "B5", "required"},
		{5, "顧問先コード", "A5", office.CodeDuplicate},
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing %+v in %+v", w, got)
		}
	}
	if _, err := o.Import(context.Background(), p, nil); !errors.Is(err, office.ErrRowsInvalid) {
		t.Fatalf("import with row errors: %v", err)
	}
	if cs, _ := o.Clients(); len(cs) != 0 {
		t.Fatal("something was imported from a workbook with errors")
	}
}

// TestXLSXBadFiles: what is not a readable workbook is refused as a whole
// with its own error, whatever its name says.
func TestXLSXBadFiles(t *testing.T) {
	v, _ := newVault(t)
	o := office.New(v)
	must(t, o.Load())
	_, err := o.CreateClient(records.Client{Kind: records.KindCorporation, Name: "株式会社あおば", Code: "A-1"}, false)
	must(t, err)
	var good bytes.Buffer
	_, err = o.ExportXLSX(&good, office.ImportClients)
	must(t, err)

	random := make([]byte, 4096)
	rand.Read(random)
	var notWorkbook bytes.Buffer
	zw := zip.NewWriter(&notWorkbook)
	w, _ := zw.Create("readme.txt")
	w.Write([]byte("not a workbook"))
	must(t, zw.Close())

	// A password-protected workbook, encrypted by excelize as Excel does.
	enc := filepath.Join(wintest.TempDir(t), "locked.xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(good.Bytes()))
	must(t, err)
	must(t, f.SaveAs(enc, excelize.Options{Password: "himitsu"}))
	f.Close()
	encrypted := readFile(t, enc)

	// An Excel 97–2003 file is an OLE file without the encrypted stream.
	xls := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)

	cases := []struct {
		name string
		file string
		data []byte
		want error
	}{
		{"truncated", "clients.xlsx", good.Bytes()[:good.Len()/2], office.ErrXLSXBroken},
		{"one byte changed in the middle", "clients.xlsx", flip(good.Bytes()), office.ErrXLSXBroken},
		{"random bytes", "clients.xlsx", random, office.ErrXLSXBroken},
		{"a CSV renamed .xlsx", "clients.xlsx", []byte(clientsCSV), office.ErrXLSXBroken},
		{"a zip that is no workbook", "clients.xlsx", notWorkbook.Bytes(), office.ErrXLSXBroken},
		{"encrypted", "clients.xlsx", encrypted, office.ErrXLSXEncrypted},
		{"xls", "clients.xls", xls, office.ErrXLSOld},
		{"empty", "clients.xlsx", nil, office.ErrEmptyFile},
		{"unpacks to more than the limit", "bomb.xlsx", bomb(t), office.ErrFileTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if f := office.DetectFormat(c.file, c.data); f != office.FormatXLSX {
				t.Fatalf("detected as %s", f)
			}
			_, err := office.ParseXLSX(office.ImportClients, bytes.NewReader(c.data), nil, map[string]string{})
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
}

func flip(b []byte) []byte {
	out := bytes.Clone(b)
	// Inside the first part's compressed data: its checksum no longer matches.
	out[len(out)/3] ^= 0xFF
	return out
}

// bomb is a small zip whose one part says it unpacks to a terabyte.
func bomb(t *testing.T) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Store, CompressedSize64: 4, UncompressedSize64: 1 << 40})
	must(t, err)
	w.Write([]byte("<a/>"))
	must(t, zw.Close())
	return b.Bytes()
}

func TestDetectFormat(t *testing.T) {
	cases := []struct {
		name   string
		prefix string
		want   office.Format
	}{
		{"clients.csv", "コード,名称\n", office.FormatCSV},
		{"clients.txt", "PK\x03\x04rest", office.FormatXLSX}, // content wins over the name
		{"顧問先.XLSX", "", office.FormatXLSX},
		{"clients.xlsm", "a,b", office.FormatXLSX},
		{"clients.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", office.FormatXLSX},
		{"clients.xls", "a\tb\n", office.FormatCSV}, // text named .xls, as some software writes it
		{"", "名称\n", office.FormatCSV},
	}
	for _, c := range cases {
		if got := office.DetectFormat(c.name, []byte(c.prefix)); got != c.want {
			t.Errorf("%s %q: %s, want %s", c.name, c.prefix, got, c.want)
		}
	}
}

// TestPeopleExportGuess: a people export's 顧問先名 column is the client's
// name, not the person's, so the guessed mapping skips it.
func TestPeopleExportGuess(t *testing.T) {
	header := []string{"顧問先コード", "顧問先名", "氏名", "フリガナ", "役割", "生年月日"}
	got := office.GuessMapping(office.ImportPeople, header)
	want := []string{"client_code", "", "name", "kana", "roles", "birth"}
	if !slices.Equal(got, want) {
		t.Fatalf("mapping %q, want %q", got, want)
	}
	if got := office.GuessMapping(office.ImportClients, []string{"顧問先名"}); got[0] != "name" {
		t.Fatalf("clients: %q", got)
	}
}

// FuzzParseXLSX: any bytes give a parse or an error, never a panic.
func FuzzParseXLSX(f *testing.F) {
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte(clientsCSV))
	wb := excelize.NewFile()
	wb.SetSheetRow("Sheet1", "A1", &[]any{"コード", "名称", "契約開始日"})
	wb.SetSheetRow("Sheet1", "A2", &[]any{"A", "株式会社", 45383})
	var b bytes.Buffer
	wb.WriteTo(&b)
	wb.Close()
	f.Add(b.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := office.ParseXLSX(office.ImportClients, bytes.NewReader(data), nil, map[string]string{})
		if err == nil && p == nil {
			t.Fatal("no parse and no error")
		}
	})
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	must(t, err)
	return b
}

// TestParseFile: the dialog's and the CLI's entry point picks the format
// by content, then name, and the CSV encoding when asked to guess.
func TestParseFile(t *testing.T) {
	wb := workbook(t, func(f *excelize.File, s string, _ func(string, *excelize.Style)) {
		must(t, f.SetSheetRow(s, "A1", &[]any{"コード", "名称"}))
		must(t, f.SetSheetRow(s, "A2", &[]any{"A-1", "株式会社あおば"}))
	})
	cases := []struct {
		name, file, encoding string
		data                 []byte
		format               office.Format
		enc                  jtext.Encoding
		err                  error
	}{
		{"workbook", "clients.xlsx", "auto", wb, office.FormatXLSX, 0, nil},
		{"workbook named .csv", "clients.csv", "auto", wb, office.FormatXLSX, 0, nil},
		{"Shift_JIS guessed", "clients.csv", "auto", sjis(t, clientsCSV), office.FormatCSV, jtext.ShiftJIS, nil},
		{"UTF-8 named", "clients.csv", "utf-8", []byte(clientsCSV), office.FormatCSV, jtext.UTF8, nil},
		{"CSV named .xlsx", "clients.xlsx", "auto", []byte(clientsCSV), "", 0, office.ErrXLSXBroken},
		{"unknown encoding", "clients.csv", "latin-1", []byte(clientsCSV), "", 0, jtext.ErrUnknownEncoding},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := office.ParseFile(office.ImportClients, c.file, bytes.NewReader(c.data), c.encoding, nil, map[string]string{})
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("got %v, want %v", err, c.err)
				}
				return
			}
			must(t, err)
			if p.Format != c.format || (c.format == office.FormatCSV && p.Encoding != c.enc) || p.Rows == 0 || len(p.Errors) != 0 {
				t.Fatalf("format %s, encoding %s, %d rows, errors %+v", p.Format, p.Encoding, p.Rows, p.Errors)
			}
		})
	}
}
