package scan

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
)

// budgetReader counts decompressed bytes against the scanner's budget for
// the current top-level file and checks ctx.
type budgetReader struct {
	s *scanner
	r io.Reader
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if err := b.s.ctx.Err(); err != nil {
		return 0, err
	}
	if b.s.budget <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > b.s.budget {
		p = p[:b.s.budget]
	}
	n, err := b.r.Read(p)
	b.s.budget -= int64(n)
	return n, err
}

// open opens a zip entry for reading within the budget.
func (s *scanner) open(f *zip.File) (io.ReadCloser, error) {
	if f.Flags&1 != 0 {
		return nil, errEncrypted
	}
	if f.UncompressedSize64 > uint64(max(s.budget, 0)) {
		return nil, errTooLarge
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{&budgetReader{s, rc}, rc}, nil
}

var errEncrypted = errors.New("scan: encrypted")

// readEntry reads a whole entry into memory (at most memLimit bytes).
func (s *scanner) readEntry(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > memLimit {
		return nil, errTooLarge
	}
	rc, err := s.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, memLimit+1))
	if err == nil && len(data) > memLimit {
		err = errTooLarge
	}
	return data, err
}

// partReason maps an error reading a part to an Unscanned reason, or ""
// when the error stops the scan (ctx).
func (s *scanner) partReason(err error) string {
	if s.ctx.Err() != nil {
		return ""
	}
	if errors.Is(err, errEncrypted) {
		return ReasonEncrypted
	}
	return reasonOf(err)
}

// archive searches a zip: an xlsx or docx as such, any other zip entry by
// entry. depth is how many zips enclose this one.
func (s *scanner) archive(w where, zr *zip.Reader, depth int) error {
	switch officeKind(zr) {
	case "xlsx":
		return s.xlsx(w, zr)
	case "docx":
		return s.docx(w, zr)
	case "other":
		s.unscanned(w, ReasonUnsupported)
		return nil
	}
	for _, f := range zr.File {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		if strings.HasSuffix(f.Name, "/") && f.UncompressedSize64 == 0 {
			continue // a directory
		}
		ew := w.in(f.Name)
		if err := s.entry(ew, f, depth); err != nil {
			reason := s.partReason(err)
			if reason == "" {
				return s.ctx.Err()
			}
			s.unscanned(ew, reason)
		}
	}
	return nil
}

// officeKind tells an xlsx or docx from a plain zip ("other": another
// Office Open XML document, such as pptx, whose text is not searched).
func officeKind(zr *zip.Reader) string {
	kind := ""
	for _, f := range zr.File {
		switch f.Name {
		case "xl/workbook.xml":
			return "xlsx"
		case "word/document.xml":
			return "docx"
		case "[Content_Types].xml":
			kind = "other"
		}
	}
	return kind
}

func (s *scanner) entry(w where, f *zip.File, depth int) error {
	rc, err := s.open(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(rc, head)
	head = head[:n]
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return err
	}
	body := io.MultiReader(bytes.NewReader(head), rc)
	switch k := sniff(f.Name, head); k {
	case kindZip, kindPDF:
		if f.UncompressedSize64 > memLimit {
			return errTooLarge
		}
		if k == kindZip && depth+1 > maxDepth {
			return errTooLarge
		}
		data, err := io.ReadAll(io.LimitReader(body, memLimit+1))
		if err != nil {
			return err
		}
		if len(data) > memLimit {
			return errTooLarge
		}
		if k == kindPDF {
			return s.pdf(w, data)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return errCorrupt
		}
		return s.archive(w, zr, depth+1)
	case kindText:
		return s.text(w, body, head, delimiter(f.Name))
	default:
		s.unscanned(w, k.reason())
		return nil
	}
}
