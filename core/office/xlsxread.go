package office

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// Importing from Excel workbooks (.xlsx). The first worksheet is read like
// a CSV file — first non-blank row for the titles, one client or person a
// row — and goes through the same mapping and validation (parseRows).
// Each cell is read as Excel shows it, with two corrections so that
// nothing is lost: a date is read from its serial number whatever format
// shows it ("2024-04-01"), and a number shown with separators or an
// exponent ("7,000,012,050,002", "7.00E+12") is read as its digits. A
// number formatted with leading zeros ("0600001", "000-0000") keeps them.

// Format is the layout of an import or export file.
type Format string

// The file formats.
const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
)

// Errors of a workbook as a whole (ParseXLSX). Their messages never hold
// the file's name or content.
var (
	// ErrXLSXBroken: the file is not a readable .xlsx workbook (not a zip,
	// cut short, parts missing or damaged).
	ErrXLSXBroken = errors.New("office: not a readable xlsx workbook")
	// ErrXLSXEncrypted: the workbook is protected by a password to open.
	ErrXLSXEncrypted = errors.New("office: the workbook is encrypted")
	// ErrXLSOld: an Excel 97–2003 workbook (.xls), which is not read.
	ErrXLSOld = errors.New("office: an Excel 97-2003 workbook")
)

var (
	zipMagic = []byte("PK\x03\x04")
	// OLE compound files hold .xls workbooks and password-protected .xlsx.
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	// An encrypted .xlsx is an OLE file with this stream (its directory
	// entry names are UTF-16LE).
	encryptedStream = utf16le("EncryptedPackage")
)

// maxUnzipped bounds the unpacked size of a workbook's parts: a small
// file that unpacks to gigabytes is refused with ErrFileTooLarge.
const maxUnzipped = 4 * MaxImportBytes

// DetectFormat tells a workbook from a CSV file for the import dialog and
// the CLI, by content first — a zip (every .xlsx) or an OLE file (.xls, or
// an .xlsx with a password) is read as a workbook — then by name (.xlsx,
// .xlsm), so that a damaged workbook is reported as one rather than read
// as text. name is only looked at for its extension; prefix is the file's
// first bytes.
func DetectFormat(name string, prefix []byte) Format {
	if bytes.HasPrefix(prefix, zipMagic) || bytes.HasPrefix(prefix, oleMagic) {
		return FormatXLSX
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		return FormatXLSX
	}
	return FormatCSV
}

// ParseXLSX reads the first worksheet of an Excel workbook as Parse reads
// a CSV file, with the same mapping, row errors (which also name the cell)
// and limits. Errors for the file as a whole: ErrXLSXBroken,
// ErrXLSXEncrypted, ErrXLSOld, ErrEmptyFile, ErrNoNameColumn,
// ErrFileTooLarge, ErrTooManyRows.
//
// Nothing of the workbook is written to disk: excelize would spill large
// parts to the OS temp folder, which would leave clients' data outside the
// vault, so every part is kept in memory (bounded by maxUnzipped).
func ParseXLSX(kind ImportKind, r io.Reader, mapping []string, clientByCode map[string]string) (*Parsed, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxImportBytes {
		return nil, ErrFileTooLarge
	}
	src, err := openXLSX(data)
	if err != nil {
		return nil, err
	}
	defer src.close()
	p, err := parseRows(kind, src, mapping, clientByCode)
	if err != nil {
		return nil, err
	}
	p.Format = FormatXLSX
	return p, nil
}

// openXLSX opens the workbook's first worksheet as a rowSource.
func openXLSX(data []byte) (*xlsxSource, error) {
	if len(data) == 0 {
		return nil, ErrEmptyFile
	}
	if bytes.HasPrefix(data, oleMagic) {
		if bytes.Contains(data, encryptedStream) {
			return nil, ErrXLSXEncrypted
		}
		return nil, ErrXLSOld
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrXLSXBroken, err)
	}
	var size uint64
	for _, f := range zr.File {
		size += f.UncompressedSize64 // archive/zip refuses a part longer than it says
	}
	if size > maxUnzipped {
		return nil, ErrFileTooLarge
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped, // never spill to the temp folder
		ShortDatePattern: "yyyy-mm-dd",
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrXLSXBroken, err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, fmt.Errorf("%w: no worksheet", ErrXLSXBroken)
	}
	props, err := f.GetWorkbookProps()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%w: %v", ErrXLSXBroken, err)
	}
	// The same rows twice, in step: as Excel shows them and as stored.
	shown, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%w: %v", ErrXLSXBroken, err)
	}
	raw, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%w: %v", ErrXLSXBroken, err)
	}
	return &xlsxSource{f: f, shown: shown, raw: raw, date1904: props.Date1904 != nil && *props.Date1904}, nil
}

// xlsxSource reads a worksheet's rows as text.
type xlsxSource struct {
	f          *excelize.File
	shown, raw *excelize.Rows
	date1904   bool
	row        int // the sheet's row number of the row next returned last
}

func (s *xlsxSource) next() ([]string, error) {
	if !s.shown.Next() || !s.raw.Next() {
		if err := s.shown.Error(); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrXLSXBroken, err)
		}
		return nil, io.EOF
	}
	s.row++
	shown, err := s.shown.Columns()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrXLSXBroken, err)
	}
	raw, err := s.raw.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrXLSXBroken, err)
	}
	cells := make([]string, max(len(shown), len(raw)))
	for i := range cells {
		var sh, rw string
		if i < len(shown) {
			sh = shown[i]
		}
		if i < len(raw) {
			rw = raw[i]
		}
		cells[i] = cellText(rw, sh, s.date1904)
	}
	return cells, nil
}

func (s *xlsxSource) cell(col int) string {
	name, err := excelize.CoordinatesToCellName(col+1, s.row)
	if err != nil {
		return ""
	}
	return name
}

func (s *xlsxSource) line() int { return s.row }

func (s *xlsxSource) close() {
	s.shown.Close()
	s.raw.Close()
	s.f.Close()
}

var (
	// dateShown matches a cell Excel shows as a date: 2024-04-01, 2024/4/1,
	// 4/1, R6.4.1, 2024.4.1, 令和6年4月1日, 2024年4月, 4月1日 (and any of
	// them with a time). "3月" alone is a month number, not a date.
	dateShown = regexp.MustCompile(`^(\d{4}-\d{1,2}-\d{1,2}|\d{1,4}/\d{1,2}(/\d{1,4})?|[A-Za-z]?\d{1,4}\.\d{1,2}\.\d{1,2}|\D{0,4}(\d{1,4}|元)年\d{1,2}月(\d{1,2}日)?|\d{1,2}月\d{1,2}日)(\s.*)?$`)
	// isoDate matches a date cell stored as text (t="d"): 2024-04-01T00:00:00Z.
	isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}([T ]|$)`)
	// digitsShown matches a number shown with a format that only pads or
	// groups digits for reading: 0600001, 060-0001, 03-1234-5678, (03)1234.
	digitsShown = regexp.MustCompile(`^[0-9][0-9\-() ]*$`)
	plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
)

// cellText is the text of a cell stored as raw and shown by Excel as
// shown (see the rules at the top of this file).
func cellText(raw, shown string, date1904 bool) string {
	if raw == shown {
		return raw
	}
	n, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		if isoDate.MatchString(raw) {
			return raw[:10]
		}
		return raw // text: what was typed, without the format's decoration
	}
	// Serial 1 is 1900-01-01; 2958465 is 9999-12-31.
	if dateShown.MatchString(shown) && n >= 1 && n < 2958466 {
		if t, err := excelize.ExcelDateToTime(n, date1904); err == nil {
			return t.Format("2006-01-02")
		}
	}
	if shown != "" && digitsShown.MatchString(shown) {
		return shown
	}
	if plainNumber.MatchString(raw) {
		return raw
	}
	return strconv.FormatFloat(n, 'f', -1, 64)
}

func utf16le(s string) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}
