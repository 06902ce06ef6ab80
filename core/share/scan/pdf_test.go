package scan_test

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"image"
	"image/color"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/signintech/gopdf"

	"github.com/kinko-jp/kinko/core/report"
	"github.com/kinko-jp/kinko/core/share/scan"
)

// japaneseFont is the IPAex Gothic face core/report embeds.
func japaneseFont(t testing.TB) []byte {
	t.Helper()
	gz, err := os.ReadFile("../../report/font/ipaexg.ttf.gz")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	font, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return font
}

// gopdfDoc makes a PDF with gopdf and the Japanese font: one page per
// entry of pages, each line drawn as its own cell; a nil page shows only
// an image.
func gopdfDoc(t testing.TB, protect bool, pages ...[]string) []byte {
	t.Helper()
	pdf := &gopdf.GoPdf{}
	cfg := gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT}
	if protect {
		cfg.Protection = gopdf.PDFProtectionConfig{UseProtection: true, UserPass: []byte("u"), OwnerPass: []byte("o")}
	}
	pdf.Start(cfg)
	if err := pdf.AddTTFFontData("ipaexg", japaneseFont(t)); err != nil {
		t.Fatal(err)
	}
	if err := pdf.SetFont("ipaexg", "", 11); err != nil {
		t.Fatal(err)
	}
	for _, lines := range pages {
		pdf.AddPage()
		if lines == nil {
			img := image.NewRGBA(image.Rect(0, 0, 16, 16))
			for i := range img.Pix {
				img.Pix[i] = byte(i)
			}
			img.Set(1, 1, color.Black)
			if err := pdf.ImageFrom(img, 50, 50, &gopdf.Rect{W: 100, H: 100}); err != nil {
				t.Fatal(err)
			}
			continue
		}
		for i, line := range lines {
			pdf.SetXY(50, 50+float64(i)*20)
			// Each word its own cell, as layout code often draws.
			x := 50.0
			for _, word := range strings.Split(line, "|") {
				pdf.SetXY(x, 50+float64(i)*20)
				if err := pdf.Cell(nil, word); err != nil {
					t.Fatal(err)
				}
				w, err := pdf.MeasureTextWidth(word)
				if err != nil {
					t.Fatal(err)
				}
				x += w
			}
		}
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestPDFGopdf(t *testing.T) {
	dir := tempDir(t)
	n1, n2, n3, c := individual(t, 90), individual(t, 91), individual(t, 92), corporate(t, 93)
	data := gopdfDoc(t, false,
		[]string{"源泉徴収票", "個人番号 " + grouped(n1, "-") + " 様"},
		[]string{"二頁目は番号なし " + wrongCheck(n2), "法人番号 " + c},
		nil, // an image only
		[]string{"番号|" + n3[:5] + "|" + n3[5:], "全角 " + fullWidth(n2), "1|" + n1 + "|2"},
	)
	if bytes.Contains(data, []byte(n1[:4])) && bytes.Contains(data, []byte(n1[4:8])) {
		t.Log("note: digits visible in the raw PDF")
	}
	res := scanOne(t, writeFile(t, dir, "源泉.pdf", data))
	checkFindings(t, res,
		"individual page 1",
		"corporate page 2",
		"individual page 4",
		"individual page 4",
		"individual page 4", // in a cell between cells with digits
	)
	if len(res.Unscanned) != 1 || res.Unscanned[0] != (scan.Unscanned{File: "源泉.pdf", Reason: scan.ReasonNoText, Page: 3}) {
		t.Errorf("unscanned %+v", res.Unscanned)
	}
}

func TestPDFReport(t *testing.T) {
	dir := tempDir(t)
	n := individual(t, 95)
	var rows [][]string
	for i := range 120 {
		v := "—"
		if i == 100 {
			v = n
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), "氏名", v})
	}
	var buf bytes.Buffer
	err := report.WritePDF(&buf, &report.Doc{
		Title: "管理台帳", Created: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC),
		Sections: []report.Section{{Heading: "一覧", Table: &report.Table{
			Columns: []report.Column{{Title: "No", Width: 1}, {Title: "氏名", Width: 3}, {Title: "番号", Width: 4}}, Rows: rows}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	res := scanOne(t, writeFile(t, dir, "台帳.pdf", buf.Bytes()))
	if len(res.Findings) != 1 || res.Findings[0].Kind != scan.Individual || res.Findings[0].Page < 2 {
		t.Errorf("findings %v", wheres(res))
	}
	if len(res.Unscanned) != 0 {
		t.Errorf("unscanned %+v", res.Unscanned)
	}
}

func TestPDFEncryptedAndImageOnly(t *testing.T) {
	dir := tempDir(t)
	n := individual(t, 96)
	res := scanOne(t, writeFile(t, dir, "enc.pdf", gopdfDoc(t, true, []string{"番号 " + n})))
	if len(res.Findings) != 0 || len(res.Unscanned) != 1 || res.Unscanned[0].Reason != scan.ReasonEncrypted {
		t.Errorf("encrypted: %v %+v", wheres(res), res.Unscanned)
	}
	res = scanOne(t, writeFile(t, dir, "scan.pdf", gopdfDoc(t, false, nil, nil)))
	if len(res.Findings) != 0 || len(res.Unscanned) != 1 || res.Unscanned[0] != (scan.Unscanned{File: "scan.pdf", Reason: scan.ReasonNoText}) {
		t.Errorf("image only: %v %+v", wheres(res), res.Unscanned)
	}
}

// handPDF is an uncompressed PDF written by hand: a standard Type1 font,
// literal and hex strings, TJ arrays with kerning that split a number,
// the ' operator, an escaped parenthesis and octal escapes.
func handPDF(pages ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	obj := func(n int, body string) { fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, body) }
	obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	kids := ""
	for i := range pages {
		kids += fmt.Sprintf("%d 0 R ", 10+2*i)
	}
	obj(2, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d /Resources << /Font << /F1 3 0 R >> >> >>", kids, len(pages)))
	obj(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	for i, content := range pages {
		obj(10+2*i, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>", 11+2*i))
		fmt.Fprintf(&b, "%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", 11+2*i, len(content), content)
	}
	b.WriteString("trailer\n<< /Root 1 0 R /Size 30 >>\n%%EOF\n")
	return b.Bytes()
}

func hexOf(s string) string { return fmt.Sprintf("<%X>", s) }

func TestPDFHandmade(t *testing.T) {
	dir := tempDir(t)
	n1, n2, n3 := individual(t, 97), individual(t, 98), individual(t, 99)
	octal := ""
	for _, c := range n3[:4] {
		octal += fmt.Sprintf("\\%03o", c)
	}
	data := handPDF(
		"BT /F1 12 Tf 72 700 Td (Invoice \\(copy\\)) Tj 0 -14 Td [("+n1[:3]+") -12 ("+n1[3:9]+") 5 ("+n1[9:]+")] TJ ET",
		"BT /F1 12 Tf 72 700 Td (no number here) Tj (tail "+wrongCheck(n2)+") ' ET",
		"BT /F1 12 Tf 1 0 0 1 72 700 Tm "+hexOf(n2[:6])+" Tj 1 0 0 1 110 700 Tm ("+n2[6:]+") Tj ET\nBT 72 600 Td /F1 9 Tf ("+octal+n3[4:]+") Tj ET",
	)
	res := scanOne(t, writeFile(t, dir, "hand.pdf", data))
	checkFindings(t, res, "individual page 1", "individual page 3", "individual page 3")
	if len(res.Unscanned) != 0 {
		t.Errorf("unscanned %+v", res.Unscanned)
	}
	// Inside a zip.
	res = scanOne(t, writeFile(t, dir, "pdfs.zip", zipOf(t, "a/hand.pdf", string(data))))
	checkFindings(t, res, "individual in a/hand.pdf page 1", "individual in a/hand.pdf page 3", "individual in a/hand.pdf page 3")
}

// TestPDFObjectStream: pages, fonts and the content stream's dictionary in
// a compressed object stream (as PDF 1.5 writers do), the content Flate
// compressed, and a composite font with a ToUnicode bfrange of 2-byte codes.
func TestPDFObjectStream(t *testing.T) {
	dir := tempDir(t)
	n := individual(t, 110)
	// Glyph codes 0x0100… map to '0'…'9' through one bfrange; a space too.
	var shown bytes.Buffer
	for _, c := range "No " + n {
		code := 0x0200
		if c != ' ' && c != 'N' && c != 'o' {
			code = 0x0100 + int(c-'0')
		} else if c == 'N' {
			code = 0x0300
		} else if c == 'o' {
			code = 0x0301
		}
		fmt.Fprintf(&shown, "%04X", code)
	}
	content := flate(t, "BT /F1 10 Tf 50 700 Td <"+shown.String()+"> Tj ET")
	cmap := "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange\n" +
		"2 beginbfrange <0100> <0109> <0030> <0300> <0301> [<004E> <006F>] endbfrange 1 beginbfchar <0200> <0020> endbfchar endcmap end end"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 6 0 R >>",
	}
	var hdr, body bytes.Buffer
	for i, o := range objs {
		fmt.Fprintf(&hdr, "%d %d ", i+1, body.Len())
		body.WriteString(o + "\n")
	}
	stm := flate(t, hdr.String()+body.String())
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	fmt.Fprintf(&b, "5 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream\nendobj\n", len(content), content)
	fmt.Fprintf(&b, "6 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(cmap), cmap)
	fmt.Fprintf(&b, "7 0 obj\n<< /Type /ObjStm /N 4 /First %d /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream\nendobj\n", hdr.Len(), len(stm), stm)
	fmt.Fprintf(&b, "8 0 obj\n<< /Type /XRef /Root 1 0 R /Size 9 /W [1 2 1] /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n0\n%%%%EOF\n")
	checkFindings(t, scanOne(t, writeFile(t, dir, "objstm.pdf", b.Bytes())), "individual page 1")
}

func flate(t testing.TB, s string) string {
	var b bytes.Buffer
	zw := zlib.NewWriter(&b)
	zw.Write([]byte(s))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
