package report_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/report"
	"github.com/kinko-jp/kinko/core/report/reporttest"
)

func sample(rows int) *report.Doc {
	t := &report.Table{Columns: []report.Column{{Title: "番号", Width: 1, Right: true}, {Title: "氏名", Width: 3}, {Title: "備考", Width: 6}}}
	for i := range rows {
		note := "特記事項なし"
		if i%7 == 0 {
			note = strings.Repeat("長い備考は折り返して表示される。", 6)
		}
		t.Rows = append(t.Rows, []string{fmt.Sprint(i + 1), fmt.Sprintf("サンプル太郎%04d", i+1), note})
	}
	return &report.Doc{
		Title:   "特定個人情報の管理台帳",
		Meta:    []string{"事務所: サンプル税理士事務所", "作成: 令和8年11月22日"},
		Footer:  "Kinko test",
		Created: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC),
		Sections: []report.Section{
			{Heading: "1. 概要", Paragraphs: []string{"この台帳は金庫が自動で作成しました。"}, Pairs: [][2]string{{"責任者", "山田 花子"}, {"事務取扱担当者", "佐藤 一郎、鈴木 次郎"}}},
			{Heading: "2. 明細", Table: t},
			{Heading: "3. 空の表", Table: &report.Table{Columns: []report.Column{{Title: "日付", Width: 1}, {Title: "内容", Width: 3}}, Empty: "記録はありません"}},
		},
	}
}

func TestWritePDFReadsBack(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WritePDF(&buf, sample(300)); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	text := reporttest.Text(t, buf.Bytes())
	pages := strings.Count(text, "\f")
	if pages < 5 {
		t.Fatalf("300 rows on %d pages", pages)
	}
	for _, want := range []string{"特定個人情報の管理台帳", "サンプル税理士事務所", "山田 花子", "サンプル太郎0001", "サンプル太郎0300", "記録はありません", "Kinko test"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	flat := strings.Join(strings.Fields(text), "")
	for _, want := range []string{fmt.Sprintf("1/%d", pages), fmt.Sprintf("%d/%d", pages, pages)} {
		if !strings.Contains(flat, want) {
			t.Errorf("no page number %q", want)
		}
	}
	// The table's header is repeated on every page it continues on.
	if n := strings.Count(text, "氏名"); n < pages-1 {
		t.Errorf("table header on %d of %d pages", n, pages)
	}
	// Every row is there exactly once: none lost or doubled at page breaks.
	for _, i := range []int{1, 57, 58, 59, 150, 299} {
		if n := strings.Count(text, fmt.Sprintf("サンプル太郎%04d", i)); n != 1 {
			t.Errorf("row %d printed %d times", i, n)
		}
	}
}

func TestWritePDFIsDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := report.WritePDF(&a, sample(40)); err != nil {
		t.Fatal(err)
	}
	if err := report.WritePDF(&b, sample(40)); err != nil {
		t.Fatal(err)
	}
	if a.Len() == 0 || a.Len() > 400<<10 {
		t.Fatalf("PDF of %d bytes: the font should be subset", a.Len())
	}
	if pa, pb := reporttest.Pages(t, a.Bytes()), reporttest.Pages(t, b.Bytes()); pa != pb {
		t.Fatalf("pages %d then %d", pa, pb)
	}
}

func TestMissingGlyphPrintsGeta(t *testing.T) {
	var buf bytes.Buffer
	d := &report.Doc{Title: "記号", Sections: []report.Section{{Paragraphs: []string{"絵文字😀と𠮷野家"}}}}
	if err := report.WritePDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	text := reporttest.Text(t, buf.Bytes())
	if !strings.Contains(text, "絵文字〓と") {
		t.Fatalf("text: %q", text)
	}
}

func TestLandscapeAndLayoutErrors(t *testing.T) {
	d := sample(10)
	d.Landscape = true
	var buf bytes.Buffer
	if err := report.WritePDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	bad := &report.Doc{Title: "x", Sections: []report.Section{{Table: &report.Table{Columns: []report.Column{{Title: "a"}}, Rows: [][]string{{"1", "2"}}}}}}
	if err := report.WritePDF(&buf, bad); !errors.Is(err, report.ErrLayout) {
		t.Fatalf("row wider than its table: %v", err)
	}
	none := &report.Doc{Title: "x", Sections: []report.Section{{Table: &report.Table{}}}}
	if err := report.WritePDF(&buf, none); !errors.Is(err, report.ErrLayout) {
		t.Fatalf("table without columns: %v", err)
	}
}

func BenchmarkWritePDF1000Rows(b *testing.B) {
	d := sample(1000)
	for b.Loop() {
		if err := report.WritePDF(&bytes.Buffer{}, d); err != nil {
			b.Fatal(err)
		}
	}
}

// A table's header never ends a page on its own: whatever text comes
// before it, the header and the first row (here a tall one) share a page.
func TestTableHeaderKeptWithFirstRow(t *testing.T) {
	for lines := 0; lines < 70; lines += 3 {
		paras := make([]string, lines)
		for i := range paras {
			paras[i] = fmt.Sprintf("前置きの段落 %d", i+1)
		}
		tbl := &report.Table{Columns: []report.Column{{Title: "見出し列", Width: 1}, {Title: "内容", Width: 3}}}
		for i := range 3 {
			tbl.Rows = append(tbl.Rows, []string{fmt.Sprintf("行%04d", i+1), strings.Repeat("折り返す長い内容の行\n", 8)})
		}
		d := &report.Doc{Title: "表の改ページ", Sections: []report.Section{{Paragraphs: paras}, {Table: tbl}}}
		var buf bytes.Buffer
		if err := report.WritePDF(&buf, d); err != nil {
			t.Fatal(err)
		}
		for n, page := range strings.Split(reporttest.Text(t, buf.Bytes()), "\f") {
			if strings.Contains(page, "見出し列") && !strings.Contains(page, "行0") {
				t.Fatalf("%d lines before the table: page %d ends with the table's header and no row", lines, n+1)
			}
		}
	}
}
