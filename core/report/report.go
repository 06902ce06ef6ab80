// Package report lays out printable reports — the 管理台帳, the 廃棄記録,
// access-log reports — as A4 PDF files with Japanese text, without a
// printer driver or a browser: the CLI and the app write the same bytes.
//
// A Doc is a title, a few lines about the report, and sections of
// paragraphs, key–value lists and tables. Tables wrap their cells, split
// across pages and repeat their header on every page; each page has the
// report's title and page "n / N" in its margins.
//
// The text face is IPAex Gothic, embedded as a subset (only the glyphs
// used), so a report looks the same on every PC and in every viewer; its
// licence (IPA Font License v1.0) is in font/LICENSE-IPA.txt. A character
// the font lacks prints as 〓 (geta), the traditional placeholder.
package report

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/signintech/gopdf"
)

// Doc is a report.
type Doc struct {
	Title     string
	Meta      []string // lines under the title: office, period, who generated it, when
	Landscape bool
	Sections  []Section
	Footer    string // left of the page number, e.g. "Kinko 0.1.0"
	Created   time.Time
}

// Section is a heading and its content, in this order: paragraphs, the
// key–value list, the table.
type Section struct {
	Heading    string
	Paragraphs []string
	Pairs      [][2]string
	Table      *Table
}

// Table is a table with a header row.
type Table struct {
	Columns []Column
	Rows    [][]string
	Empty   string // shown in one row when Rows is empty
}

// Column is a table column. Width is relative to the other columns.
type Column struct {
	Title string
	Width float64
	Right bool // numbers
}

// ErrLayout: the doc cannot be laid out (no columns, a row of the wrong
// width).
var ErrLayout = errors.New("report: invalid layout")

//go:embed font/ipaexg.ttf.gz
var fontGz []byte

var fontOnce = sync.OnceValues(func() ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(fontGz))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
})

const (
	face    = "ipaexg"
	margin  = 36.0 // pt, 12.7 mm
	bodyPt  = 9.0
	cellPt  = 8.0
	smallPt = 7.0
	padX    = 3.0
	padY    = 2.5
)

// WritePDF writes d as a PDF to w.
func WritePDF(w io.Writer, d *Doc) error {
	for _, s := range d.Sections {
		if t := s.Table; t != nil {
			if len(t.Columns) == 0 {
				return fmt.Errorf("%w: table without columns", ErrLayout)
			}
			for _, r := range t.Rows {
				if len(r) != len(t.Columns) {
					return fmt.Errorf("%w: row of %d cells in %d columns", ErrLayout, len(r), len(t.Columns))
				}
			}
		}
	}
	font, err := fontOnce()
	if err != nil {
		return fmt.Errorf("report: font: %w", err)
	}
	size := *gopdf.PageSizeA4
	if d.Landscape {
		size = *gopdf.PageSizeA4Landscape
	}
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: size, Unit: gopdf.UnitPT})
	created := d.Created
	if created.IsZero() {
		created = time.Now()
	}
	pdf.SetInfo(gopdf.PdfInfo{Title: d.Title, Creator: "Kinko", Producer: "Kinko", CreationDate: created})
	if err := pdf.AddTTFFontDataWithOption(face, font, gopdf.TtfOption{
		OnGlyphNotFoundSubstitute: func(rune) rune { return '〓' },
	}); err != nil {
		return fmt.Errorf("report: font: %w", err)
	}
	l := &layout{pdf: pdf, doc: d, pageW: size.W, pageH: size.H, widths: map[fontRune]float64{}}
	// Pass one counts the pages, pass two draws them knowing the total.
	if err := l.run(); err != nil {
		return err
	}
	l.total, l.draw, l.page = l.page, true, 0
	if err := l.run(); err != nil {
		return err
	}
	return pdf.Write(w)
}

type fontRune struct {
	size float64
	r    rune
}

// layout places the doc's blocks page by page. With draw false it only
// moves the cursor (and counts pages).
type layout struct {
	pdf          *gopdf.GoPdf
	doc          *Doc
	pageW, pageH float64
	draw         bool
	page, total  int
	y            float64
	size         float64
	widths       map[fontRune]float64
}

func (l *layout) top() float64    { return margin + 14 }
func (l *layout) bottom() float64 { return l.pageH - margin - 10 }
func (l *layout) width() float64  { return l.pageW - 2*margin }

func (l *layout) run() error {
	if err := l.newPage(); err != nil {
		return err
	}
	if err := l.text(l.doc.Title, 16, margin, l.width()); err != nil {
		return err
	}
	l.y += 6
	for _, m := range l.doc.Meta {
		if err := l.text(m, bodyPt, margin, l.width()); err != nil {
			return err
		}
	}
	l.y += 8
	for i := range l.doc.Sections {
		if err := l.section(&l.doc.Sections[i]); err != nil {
			return err
		}
	}
	return nil
}

func (l *layout) newPage() error {
	l.page++
	l.y = l.top()
	if !l.draw {
		return nil
	}
	l.pdf.AddPage()
	l.setSize(smallPt)
	l.pdf.SetTextColor(110, 110, 110)
	if err := l.put(margin, margin-2, l.doc.Title); err != nil {
		return err
	}
	num := fmt.Sprintf("%d / %d", l.page, l.total)
	if err := l.put(l.pageW-margin-l.measure(num), l.pageH-margin+2, num); err != nil {
		return err
	}
	if l.doc.Footer != "" {
		if err := l.put(margin, l.pageH-margin+2, l.doc.Footer); err != nil {
			return err
		}
	}
	l.pdf.SetTextColor(0, 0, 0)
	return nil
}

func (l *layout) ensure(h float64) error {
	if l.y+h <= l.bottom() || l.y == l.top() {
		return nil
	}
	return l.newPage()
}

func (l *layout) section(s *Section) error {
	// A heading is kept with at least a few lines of what follows it.
	if err := l.ensure(18 + 3*lineH(bodyPt)); err != nil {
		return err
	}
	if s.Heading != "" {
		if l.draw {
			l.pdf.SetFillColor(34, 68, 120)
			l.pdf.RectFromUpperLeftWithStyle(margin, l.y+1, 3, 13, "F")
		}
		if err := l.text(s.Heading, 11.5, margin+8, l.width()-8); err != nil {
			return err
		}
		l.y += 4
	}
	for _, p := range s.Paragraphs {
		if err := l.text(p, bodyPt, margin, l.width()); err != nil {
			return err
		}
		l.y += 3
	}
	if len(s.Pairs) > 0 {
		t := &Table{Columns: []Column{{Width: 1}, {Width: 3}}}
		for _, p := range s.Pairs {
			t.Rows = append(t.Rows, []string{p[0], p[1]})
		}
		if err := l.table(t, false); err != nil {
			return err
		}
	}
	if s.Table != nil {
		if err := l.table(s.Table, true); err != nil {
			return err
		}
	}
	l.y += 12
	return nil
}

// text writes wrapped text at x within w, moving the cursor down.
func (l *layout) text(s string, size, x, w float64) error {
	l.setSize(size)
	for _, line := range l.wrap(s, w) {
		if err := l.ensure(lineH(size)); err != nil {
			return err
		}
		l.setSize(size)
		if l.draw {
			if err := l.put(x, l.y, line); err != nil {
				return err
			}
		}
		l.y += lineH(size)
	}
	return nil
}

func (l *layout) table(t *Table, header bool) error {
	sum := 0.0
	for _, c := range t.Columns {
		sum += max(c.Width, 0.01)
	}
	ws := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		ws[i] = l.width() * max(c.Width, 0.01) / sum
	}
	rows := t.Rows
	if len(rows) == 0 && t.Empty != "" {
		rows = [][]string{append([]string{t.Empty}, make([]string, len(t.Columns)-1)...)}
	}
	titles := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		titles[i] = c.Title
	}
	drawHeader := func() error {
		if header {
			return l.row(t, ws, titles, true)
		}
		return nil
	}
	l.setSize(cellPt)
	// The header is kept with the first row: a page never ends with a
	// header and nothing under it (a row taller than a page is cut, so
	// at most a page is asked for).
	keep := l.rowHeight(ws, titles)
	if len(rows) > 0 {
		keep += min(l.rowHeight(ws, rows[0]), l.bottom()-l.top())
	}
	if err := l.ensure(keep); err != nil {
		return err
	}
	if err := drawHeader(); err != nil {
		return err
	}
	for _, r := range rows {
		if l.y+l.rowHeight(ws, r) > l.bottom() {
			if err := l.newPage(); err != nil {
				return err
			}
			if err := drawHeader(); err != nil {
				return err
			}
		}
		if err := l.row(t, ws, r, false); err != nil {
			return err
		}
	}
	return nil
}

func (l *layout) rowHeight(ws []float64, cells []string) float64 {
	l.setSize(cellPt)
	n := 1
	for i, c := range cells {
		n = max(n, len(l.wrap(c, ws[i]-2*padX)))
	}
	return float64(n)*lineH(cellPt) + 2*padY
}

// row draws one table row; a row taller than a page is cut at the page's
// end (its cells are never that long in Kinko's reports).
func (l *layout) row(t *Table, ws []float64, cells []string, head bool) error {
	h := min(l.rowHeight(ws, cells), l.bottom()-l.top())
	if l.draw {
		x := margin
		l.pdf.SetLineWidth(0.4)
		l.pdf.SetStrokeColor(150, 150, 150)
		if head {
			l.pdf.SetFillColor(228, 233, 242)
		}
		for i := range cells {
			style := "D"
			if head {
				style = "FD"
			}
			l.pdf.RectFromUpperLeftWithStyle(x, l.y, ws[i], h, style)
			x += ws[i]
		}
		x = margin
		l.setSize(cellPt)
		for i, c := range cells {
			y := l.y + padY
			for _, line := range l.wrap(c, ws[i]-2*padX) {
				if y+lineH(cellPt) > l.y+h {
					break
				}
				lx := x + padX
				if t.Columns[i].Right && !head {
					lx = x + ws[i] - padX - l.measure(line)
				}
				if err := l.put(lx, y, line); err != nil {
					return err
				}
				y += lineH(cellPt)
			}
			x += ws[i]
		}
	}
	l.y += h
	return nil
}

func lineH(size float64) float64 { return size * 1.45 }

func (l *layout) setSize(size float64) {
	if l.size == size {
		return
	}
	l.size = size
	// The face was added in WritePDF; SetFont fails only for an unknown
	// family.
	_ = l.pdf.SetFont(face, "", size)
}

func (l *layout) put(x, y float64, s string) error {
	l.pdf.SetXY(x, y)
	return l.pdf.Cell(nil, s)
}

func (l *layout) runeWidth(r rune) float64 {
	k := fontRune{l.size, r}
	if w, ok := l.widths[k]; ok {
		return w
	}
	w, err := l.pdf.MeasureTextWidth(string(r))
	if err != nil {
		w = l.size
	}
	l.widths[k] = w
	return w
}

func (l *layout) measure(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += l.runeWidth(r)
	}
	return w
}

// noLineStart are characters a Japanese line does not begin with (行頭禁則).
const noLineStart = "、。，．・：；？！ー）」』】〕］｝〉》,.)]}!?:;"

// wrap breaks s into lines of at most w points, at newlines and, failing
// those, between characters; a closing bracket or punctuation mark that
// would begin a line stays at the end of the previous one.
func (l *layout) wrap(s string, w float64) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		var line []rune
		lw := 0.0
		for _, r := range para {
			if r == '\t' || r == '\r' {
				r = ' '
			}
			rw := l.runeWidth(r)
			if lw+rw > w && len(line) > 0 && !strings.ContainsRune(noLineStart, r) {
				out = append(out, string(line))
				line, lw = line[:0:0], 0
			}
			line = append(line, r)
			lw += rw
		}
		out = append(out, string(line))
	}
	return out
}
