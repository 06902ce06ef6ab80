package office

import (
	"errors"
	"io"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// ErrCellTooLong: a value is longer than an Excel cell holds (32,767
// UTF-16 units); excelize would cut it silently, so the workbook is not
// written (a CSV export holds it).
var ErrCellTooLong = errors.New("office: a value is too long for an Excel cell")

// sheetNames names the worksheet of each export.
var sheetNames = map[ImportKind]string{ImportClients: "顧問先一覧", ImportPeople: "関係者一覧"}

// Column widths, in Excel's units (about one half-width character).
const (
	minColWidth = 8
	maxColWidth = 50
)

// ExportXLSX writes what Export writes — the same columns, titles and
// rows, never a My Number — as an Excel workbook with one worksheet: the
// titles in a bold first row that stays in view (frozen), columns about as
// wide as their content, and every value a text cell. A value starting
// with = + - @ is text, never a formula (cells are written as strings and
// nothing is ever written as a formula), and codes, postal codes and
// phone numbers keep their leading zeros. Dates are text "2006-01-02" as
// in the CSV. The workbook imports back with ParseXLSX. Errors: an
// *ExportError naming the client and the column of a value longer than a
// cell (ErrCellTooLong) or holding a control character (ErrControlChar),
// both possible only in records another program wrote, and write errors.
//
// A very large table (more than about 16 MB of worksheet) is buffered by
// excelize in the OS temp folder while it is written, and removed after.
func (o *Office) ExportXLSX(w io.Writer, kind ImportKind) (int, error) {
	var rows [][]string
	n, err := o.exportRows(kind, func(r []string) (int, error) {
		for i, v := range r {
			if len(v) > excelize.TotalCellChars && len(utf16.Encode([]rune(v))) > excelize.TotalCellChars {
				return i, ErrCellTooLong
			}
		}
		rows = append(rows, r)
		return -1, nil
	})
	if err != nil {
		return n, err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := writeSheet(f, sheetNames[kind], rows); err != nil {
		return n, err
	}
	if _, err := f.WriteTo(w); err != nil {
		return n, err
	}
	return n, nil
}

// writeSheet writes rows (titles first) as the workbook's only worksheet.
func writeSheet(f *excelize.File, name string, rows [][]string) error {
	if name == "" {
		name = "Sheet1"
	}
	if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "Kinko", LastModifiedBy: "Kinko"}); err != nil {
		return err
	}
	// Number format 49 is "@" (text): what a clerk types into the cells
	// later stays text too.
	title, err := f.NewStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	// Widths and panes come before the first row in a stream.
	for col, width := range colWidths(rows) {
		if err := sw.SetColWidth(col+1, col+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	for i, r := range rows {
		style := text
		if i == 0 {
			style = title
		}
		cells := make([]any, len(r))
		for j, v := range r {
			c := excelize.Cell{StyleID: style}
			if v != "" {
				c.Value = v // a string is always a string cell, never a formula
			}
			cells[j] = c
		}
		ref, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// colWidths sizes each column to its widest value (a full-width character
// counts two), within minColWidth and maxColWidth.
func colWidths(rows [][]string) []float64 {
	var out []float64
	for _, r := range rows {
		for j, v := range r {
			if j >= len(out) {
				out = append(out, minColWidth)
			}
			w := 2.0 // a little room on each side
			for _, c := range v {
				if c == '\n' {
					break // a multi-line note: the first line sizes it
				}
				if c < 0x1100 || (c >= 0xFF61 && c <= 0xFF9F) { // ASCII, Latin, half-width kana
					w++
				} else {
					w += 2
				}
			}
			out[j] = min(max(out[j], w), maxColWidth)
		}
	}
	return out
}
