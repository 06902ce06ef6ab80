// Package scan looks for My Numbers (個人番号) in files about to leave the
// office: text and CSV in UTF-8 or Shift_JIS, xlsx cells, docx paragraphs,
// PDF text where the PDF carries it, and all of these inside ZIP files
// (nested too). A finding says where (file, line and column, sheet and
// cell, page, paragraph) and never what: no digit of a number is kept.
// 13-digit 法人番号 with a valid check digit are reported as warnings.
//
// A file whose content cannot be searched (an image, an encrypted PDF, a
// damaged archive) is listed as unscanned with a reason, never passed as
// clean.
package scan

import "errors"

// Kinds of finding.
const (
	Individual = "individual" // 12 digits, valid 個人番号 check digit
	Corporate  = "corporate"  // 13 digits, valid 法人番号 check digit
)

// Reasons a file or part was not searched.
const (
	ReasonBinary     = "binary"
	ReasonEncrypted  = "encrypted"
	ReasonCorrupt    = "corrupt"
	ReasonTooLarge   = "too_large"
	ReasonUnreadable = "unreadable"
	// ReasonUnsupported: a document format whose text Kinko cannot read
	// (old binary .xls/.doc/.ppt, .pptx, …).
	ReasonUnsupported = "unsupported"
	// ReasonNoText: a PDF without extractable text (a scanned image, or
	// text in a font without a Unicode map).
	ReasonNoText = "no_text"
)

// File is one file to scan: Path on disk, Name as it is shown (its path
// inside the package).
type File struct {
	Path string
	Name string
}

// Finding is where a number is. Fields that do not apply are zero.
type Finding struct {
	File      string // File.Name
	Inner     string // inside a ZIP: "b.xlsx" or "a.zip/b.xlsx"
	Kind      string // Individual or Corporate
	Line      int    // text, CSV: 1-based
	Column    int    // CSV: 1-based field; text: 1-based character
	Sheet     string // xlsx: the sheet's name
	Cell      string // xlsx: "B12"
	Page      int    // pdf: 1-based
	Paragraph int    // docx: 1-based, counted within Part
	Part      string // docx: "" for the body, else "header1", "footer2", "footnotes", "endnotes", "comments"
}

// Unscanned is a file or part whose content was not searched.
type Unscanned struct {
	File   string
	Inner  string
	Reason string
	Page   int // pdf: a page without text that shows images (0: the whole file)
}

// FileResult is what the scan read of one file: its size and SHA-256 (so
// a package can check it sends exactly what was scanned).
type FileResult struct {
	Name   string
	Path   string
	Size   int64
	SHA256 string // lowercase hex
	CRC32  uint32 // IEEE, of the whole file
}

// Result is a whole scan.
type Result struct {
	Files      []FileResult
	Bytes      int64
	Findings   []Finding
	Unscanned  []Unscanned
	Individual int
	Corporate  int
}

// ErrUnreadable: a file to scan could not be opened or read at all (it
// was removed, or access is denied); the scan stops, naming it.
var ErrUnreadable = errors.New("scan: file unreadable")
