package scan_test

import (
	"testing"

	"github.com/kinko-jp/kinko/core/share/scan"
)

// docxOf builds a minimal Word document whose body is paragraphs (raw
// WordprocessingML inside <w:body>), with an optional header part.
func docxOf(t testing.TB, body, header string) []byte {
	t.Helper()
	const ns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	entries := []string{
		"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + ns + `><w:body>` + body + `</w:body></w:document>`,
	}
	if header != "" {
		entries = append(entries, "word/header1.xml", `<?xml version="1.0"?><w:hdr `+ns+`>`+header+`</w:hdr>`)
	}
	return zipOf(t, entries...)
}

func para(runs ...string) string {
	s := `<w:p><w:pPr><w:pStyle w:val="Normal"/><w:tabs><w:tab w:val="left" w:pos="840"/></w:tabs></w:pPr>`
	for _, r := range runs {
		s += `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + r + `</w:t></w:r><w:proofErr w:type="spellStart"/>`
	}
	return s + `</w:p>`
}

func TestDOCX(t *testing.T) {
	dir := tempDir(t)
	n1, n2, n3, c := individual(t, 70), individual(t, 71), individual(t, 72), corporate(t, 73)
	body := para("ご依頼の件") +
		`<w:p/>` + // paragraph 2, empty
		para("番号は ", n1[:4], n1[4:7], n1[7:]+" です") + // 3: split over runs
		para(wrongCheck(n2)) + // 4: wrong check digit
		para("表の中", `</w:t></w:r><w:r><w:tab/><w:t>`+grouped(n2, "-")) + // 5
		`<w:tbl><w:tr><w:tc>` + para("セル "+fullWidth(n3)) + `</w:tc></w:tr></w:tbl>` + // 6, in a table
		para("法人 "+c) + // 7
		`<w:p><w:ins><w:r><w:t>` + n1[:6] + `</w:t></w:r></w:ins><w:del><w:r><w:delText>` + n1[6:] + `</w:delText></w:r></w:del></w:p>` // 8: tracked change
	res := scanOne(t, writeFile(t, dir, "通知.docx", docxOf(t, body, para("ヘッダ "+n3))))
	checkFindings(t, res,
		"individual paragraph 3",
		"individual paragraph 5",
		"individual paragraph 6",
		"corporate paragraph 7",
		"individual paragraph 8",
		"individual paragraph 1 of header1",
	)
}

func TestZip(t *testing.T) {
	dir := tempDir(t)
	n1, n2 := individual(t, 80), individual(t, 81)
	inner := zipOf(t,
		"深い/c.txt", "x\n"+n2,
		"d.docx", string(docxOf(t, para(n1), "")),
	)
	outer := zipOf(t,
		"a.csv", "a,b\n1,"+n1+"\n",
		"sub/", "",
		"写真.jpg", "\xff\xd8\xff\xe0\x00\x10JFIF\x00",
		"b.zip", string(inner),
		"clean.txt", "何もない",
	)
	res := scanOne(t, writeFile(t, dir, "送付.zip", outer))
	checkFindings(t, res,
		"individual in a.csv line 2 col 2",
		"individual in b.zip/深い/c.txt line 2 col 1",
		"individual in b.zip/d.docx paragraph 1",
	)
	if len(res.Unscanned) != 1 || res.Unscanned[0] != (scan.Unscanned{File: "送付.zip", Inner: "写真.jpg", Reason: scan.ReasonBinary}) {
		t.Errorf("unscanned %+v", res.Unscanned)
	}
	// Four levels deep: the fourth is not opened.
	z := zipOf(t, "n.txt", n1)
	for range 4 {
		z = zipOf(t, "z.zip", string(z))
	}
	res = scanOne(t, writeFile(t, dir, "deep.zip", z))
	if len(res.Findings) != 0 || len(res.Unscanned) != 1 || res.Unscanned[0].Inner != "z.zip/z.zip/z.zip/z.zip" || res.Unscanned[0].Reason != scan.ReasonTooLarge {
		t.Errorf("deep: %v %+v", wheres(res), res.Unscanned)
	}
	// Three levels are searched.
	z = zipOf(t, "n.txt", n1)
	for range 3 {
		z = zipOf(t, "z.zip", string(z))
	}
	checkFindings(t, scanOne(t, writeFile(t, dir, "deep3.zip", z)), "individual in z.zip/z.zip/z.zip/n.txt line 1 col 1")
}
