package scan_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"

	"github.com/kinko-jp/kinko/core/mynumber"
	"github.com/kinko-jp/kinko/core/progress"
	"github.com/kinko-jp/kinko/core/share/scan"
)

// plantedCSV is a CSV with numbers in known places: line 2 plain, line 3
// hyphen-grouped and quoted, line 4 full-width, line 5 a wrong check
// digit, line 6 sixteen digits, line 7 space-grouped in field 3, line 8 a
// 法人番号 (a warning).
func plantedCSV(t testing.TB) string {
	return strings.Join([]string{
		"氏名,番号,備考",
		"山田 太郎," + individual(t, 1) + ",なし",
		`佐藤 花子,"` + grouped(individual(t, 2), "-") + `",x`,
		"鈴木 一郎," + fullWidth(individual(t, 3)) + ",",
		"高橋," + wrongCheck(individual(t, 4)) + ",",
		"田中,口座 " + individual(t, 5) + "1234,",
		`伊藤,"a,b",` + grouped(individual(t, 6), " "),
		"法人," + corporate(t, 7) + ",株式会社",
	}, "\r\n") + "\r\n"
}

var plantedCSVWant = []string{
	"individual line 2 col 2",
	"individual line 3 col 2",
	"individual line 4 col 2",
	"individual line 7 col 3",
	"corporate line 8 col 2",
}

func TestCSVUTF8(t *testing.T) {
	dir := tempDir(t)
	data := []byte(plantedCSV(t))
	f := writeFile(t, dir, "給与/従業員.csv", data)
	res := scanOne(t, f)
	checkFindings(t, res, plantedCSVWant...)
	if res.Individual != 4 || res.Corporate != 1 {
		t.Errorf("counts %d/%d, want 4/1", res.Individual, res.Corporate)
	}
	if len(res.Unscanned) != 0 {
		t.Errorf("unscanned: %+v", res.Unscanned)
	}
	sum := sha256.Sum256(data)
	fr := res.Files[0]
	if fr.Name != f.Name || fr.Size != int64(len(data)) || fr.SHA256 != hex.EncodeToString(sum[:]) || fr.CRC32 != crc32.ChecksumIEEE(data) {
		t.Errorf("file result %s size %d crc %08x, want size %d crc %08x", fr.Name, fr.Size, fr.CRC32, len(data), crc32.ChecksumIEEE(data))
	}
	if res.Bytes != int64(len(data)) {
		t.Errorf("Bytes %d", res.Bytes)
	}
	for _, fd := range res.Findings {
		if fd.File != f.Name {
			t.Errorf("finding names %q", fd.File)
		}
	}
}

func TestCSVShiftJIS(t *testing.T) {
	dir := tempDir(t)
	sjis, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(plantedCSV(t)))
	if err != nil {
		t.Fatal(err)
	}
	checkFindings(t, scanOne(t, writeFile(t, dir, "sjis.csv", sjis)), plantedCSVWant...)
}

func TestTSVAndText(t *testing.T) {
	dir := tempDir(t)
	tsv := "a\tb\tc\n1\t2\t" + individual(t, 10) + "\n"
	checkFindings(t, scanOne(t, writeFile(t, dir, "x.tsv", []byte(tsv))), "individual line 2 col 3")
	txt := "送付状\n  番号は " + grouped(individual(t, 11), "ー") + " です\n"
	checkFindings(t, scanOne(t, writeFile(t, dir, "memo.txt", []byte(txt))), "individual line 2 col 7")
	// UTF-16 with a BOM (Windows "Unicode" text).
	u16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(txt))
	if err != nil {
		t.Fatal(err)
	}
	checkFindings(t, scanOne(t, writeFile(t, dir, "memo16.txt", u16)), "individual line 2 col 7")
	// No extension, still text.
	checkFindings(t, scanOne(t, writeFile(t, dir, "README", []byte(txt))), "individual line 2 col 7")
}

func TestNotNumbers(t *testing.T) {
	dir := tempDir(t)
	n := individual(t, 20)
	lines := []string{
		wrongCheck(n),                        // check digit fails
		grouped(wrongCheck(n), "-"),          // grouped, check digit fails
		n[:11],                               // eleven digits
		"9" + n,                              // thirteen digits, not a valid 法人番号 either (checked below)
		n + "12",                             // fourteen
		"4" + n + "123",                      // sixteen-digit card number
		fullWidth(n) + "１",                   // full-width thirteen
		n[:4] + "\t" + n[4:8] + "\t" + n[8:], // tab is no separator
		n[:6] + "-" + n[6:],                  // 6-6 grouping
	}
	if corporateValid("9" + n) {
		lines[3] = "8" + n
	}
	res := scanOne(t, writeFile(t, dir, "no.txt", []byte(strings.Join(lines, "\n"))))
	for _, l := range res.Findings {
		if l.Kind == scan.Individual {
			t.Errorf("flagged: %s", where(l))
		}
	}
}

func corporateValid(s string) bool {
	_, err := mynumber.ParseCorporate(s)
	return err == nil
}

// TestLongLines plants numbers around the chunk boundaries of a file with
// no line breaks, and digit runs too long to be numbers across them.
func TestLongLines(t *testing.T) {
	dir := tempDir(t)
	const chunk = 1 << 20
	n := individual(t, 30)
	for _, pos := range []int{chunk - 300, chunk - 200, chunk - 193, chunk - 192, chunk - 191, chunk - 100, chunk - 96, chunk - 95, chunk - 12, chunk - 6, chunk - 1, chunk, chunk + 1, 2*chunk - 2*96 - 3} {
		line := bytes.Repeat([]byte("x"), 3*chunk)
		copy(line[pos:], n)
		f := writeFile(t, dir, "long.txt", line)
		res := scanOne(t, f)
		want := "individual line 1 col " + strconv.Itoa(pos+1)
		if got := wheres(res); len(got) != 1 || got[0] != want {
			t.Errorf("number at %d: %v, want %s", pos, got, want)
		}
		// Twenty digits with the number inside: not a number.
		long := "77777" + n + "333"
		copy(line[pos:], long)
		f = writeFile(t, dir, "long.txt", line)
		if got := wheres(scanOne(t, f)); len(got) != 0 {
			t.Errorf("digit run at %d: %v", pos, got)
		}
	}
	// Many lines: line numbers stay right across chunks.
	var b strings.Builder
	for i := 1; i <= 200000; i++ {
		if i%50000 == 0 {
			b.WriteString("番号 " + n + "\n")
		} else {
			b.WriteString("ただの行です 0123 4567\n")
		}
	}
	checkFindings(t, scanOne(t, writeFile(t, dir, "lines.txt", []byte(b.String()))),
		"individual line 50000 col 4", "individual line 100000 col 4", "individual line 150000 col 4", "individual line 200000 col 4")
}

func TestBinaryUnscanned(t *testing.T) {
	dir := tempDir(t)
	n := individual(t, 40)
	jpg := append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0}, []byte(n)...)
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, []byte(n)...)
	files := []scan.File{
		writeFile(t, dir, "scan.jpg", jpg),
		writeFile(t, dir, "old.xls", ole),
		writeFile(t, dir, "empty.txt", nil),
	}
	res, err := scan.Files(context.Background(), files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 {
		t.Errorf("findings in binary files: %v", wheres(res))
	}
	want := []scan.Unscanned{{File: "scan.jpg", Reason: scan.ReasonBinary}, {File: "old.xls", Reason: scan.ReasonUnsupported}}
	if len(res.Unscanned) != len(want) || res.Unscanned[0] != want[0] || res.Unscanned[1] != want[1] {
		t.Errorf("unscanned %+v, want %+v", res.Unscanned, want)
	}
	if len(res.Files) != 3 || res.Files[0].Size != int64(len(jpg)) || res.Files[0].CRC32 != crc32.ChecksumIEEE(jpg) {
		t.Errorf("files %+v", res.Files)
	}
}

func TestUnreadableAndCancel(t *testing.T) {
	dir := tempDir(t)
	f := writeFile(t, dir, "a.txt", []byte("x"))
	_, err := scan.Files(context.Background(), []scan.File{f, {Path: filepath.Join(dir, "gone.txt"), Name: "消えた.txt"}}, nil)
	if !errors.Is(err, scan.ErrUnreadable) || !strings.Contains(err.Error(), "消えた.txt") {
		t.Errorf("missing file: %v", err)
	}
	big := writeFile(t, dir, "big.txt", bytes.Repeat([]byte("0123456789 abc\n"), 1<<20))
	ctx, cancel := context.WithCancel(context.Background())
	var updates int
	rep := progress.Func(func(u progress.Update) {
		updates++
		if u.Done > 4<<20 {
			cancel()
		}
	})
	_, err = scan.Files(ctx, []scan.File{big}, rep)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("canceled scan: %v", err)
	}
	if updates < 2 {
		t.Errorf("%d progress updates", updates)
	}
}

func TestProgress(t *testing.T) {
	dir := tempDir(t)
	a := writeFile(t, dir, "a.txt", bytes.Repeat([]byte("a"), 10<<20))
	b := writeFile(t, dir, "b.bin", append([]byte{0}, bytes.Repeat([]byte("b"), 3<<20)...))
	var last progress.Update
	var prev int64
	_, err := scan.Files(context.Background(), []scan.File{a, b}, progress.Func(func(u progress.Update) {
		if u.Done < prev || u.Stage != scan.Stage {
			t.Errorf("update %+v after %d", u, prev)
		}
		prev, last = u.Done, u
	}))
	if err != nil {
		t.Fatal(err)
	}
	if total := int64(13<<20 + 1); last.Done != total || last.Total != total {
		t.Errorf("last update %+v", last)
	}
}

// TestXLSXExcelize: a workbook written by excelize (shared strings,
// numbers) on two sheets with Japanese names.
func TestXLSXExcelize(t *testing.T) {
	dir := tempDir(t)
	x := excelize.NewFile()
	defer x.Close()
	x.SetSheetName("Sheet1", "給与台帳")
	if _, err := x.NewSheet("扶養"); err != nil {
		t.Fatal(err)
	}
	set := func(sheet, cell string, v any) {
		if err := x.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("給与台帳", "A1", "氏名")
	set("給与台帳", "B12", "番号 "+grouped(individual(t, 50), "-"))
	set("給与台帳", "C3", mustInt(individual(t, 51)))
	set("給与台帳", "D4", mustInt(wrongCheck(individual(t, 52))))
	set("扶養", "AA7", fullWidth(individual(t, 53)))
	set("扶養", "B2", corporate(t, 54))
	set("扶養", "B3", "番号 "+grouped(individual(t, 50), "-")) // the same shared string again
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	res := scanOne(t, writeFile(t, dir, "台帳.xlsx", buf.Bytes()))
	checkFindings(t, res,
		"individual sheet 給与台帳 cell C3",
		"individual sheet 給与台帳 cell B12",
		"corporate sheet 扶養 cell B2",
		"individual sheet 扶養 cell B3",
		"individual sheet 扶養 cell AA7",
	)
}

func mustInt(s string) int64 {
	var v int64
	for _, c := range s {
		v = v*10 + int64(c-'0')
	}
	return v
}

// TestXLSXHandmade: a minimal workbook written by hand with the forms
// excelize does not write: a number in exponent form, an inline string,
// rich-text runs splitting a number, a phonetic guide, an absolute
// relationship target and sheets listed out of part order.
func TestXLSXHandmade(t *testing.T) {
	dir := tempDir(t)
	n1, n2, n3 := individual(t, 60), individual(t, 61), individual(t, 62)
	exp := n1[:1] + "." + n1[1:] + "E+11"
	xlsx := zipOf(t,
		"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`+
			`<sheet name="一覧 &amp; 控" sheetId="1" r:id="rId2"/><sheet name="二" sheetId="2" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`+
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>`+
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/sharedStrings.xml", `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+
			`<si><t>番号</t></si>`+
			`<si><r><t>`+n2[:5]+`</t></r><r><rPr><b/></rPr><t>`+n2[5:]+`</t></r><rPh sb="0" eb="1"><t>1</t></rPh></si>`+
			`<si><t>`+wrongCheck(n3)+`</t></si>`+
			`<si><t>`+n3+`</t></si></sst>`,
		"xl/worksheets/sheet1.xml", `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+
			`<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><t>`+grouped(n3, " ")+`</t></is></c></row>`+
			`<row r="5"><c r="C5" t="s"><v>2</v></c><c r="D5"><v>`+exp+`</v></c><c r="E5"><v>`+n1[:1]+"."+n1[1:11]+`E+11</v></c></row>`+
			`</sheetData></worksheet>`,
		"xl/worksheets/sheet2.xml", `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+
			`<row r="9"><c r="H9" t="s"><v>1</v></c><c t="str"><f>A1</f><v>`+n1+`</v></c></row>`+
			`</sheetData></worksheet>`,
	)
	res := scanOne(t, writeFile(t, dir, "hand.xlsx", xlsx))
	checkFindings(t, res,
		"individual sheet 一覧 & 控 cell H9",
		"individual sheet 一覧 & 控 cell I9",
		"individual sheet 二 cell B2",
		"individual sheet 二 cell D5",
		"individual", // shared string 3 is in no cell
	)
}
