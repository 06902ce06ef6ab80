package scan

import (
	"bytes"
	"io"
	"slices"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/kinko-jp/kinko/core/jtext"
	"github.com/kinko-jp/kinko/core/mynumber"
)

const (
	// chunkSize: text is searched this much at a time.
	chunkSize = 1 << 20
	// A number with its separators is at most 12 full-width digits and 6
	// three-byte separators (72 bytes). A chunk cut inside a line keeps
	// overlap bytes of context before the cut and owns findings only up to
	// guard bytes before its end, so a number across the cut is found once.
	overlap = 96
	guard   = 2 * overlap
)

// hit is one number found in a piece of text: its byte range and kind.
type hit struct {
	start, end int
	kind       string
}

// hits returns the individual and corporate numbers in text, by start.
func hits(text []byte, dst []hit) []hit {
	dst = dst[:0]
	ind, corp := mynumber.FindAll(text, nil, nil)
	for _, sp := range ind {
		dst = append(dst, hit{sp.Start, sp.End, Individual})
	}
	for _, sp := range corp {
		dst = append(dst, hit{sp.Start, sp.End, Corporate})
	}
	if len(corp) > 0 && len(ind) > 0 {
		slices.SortStableFunc(dst, func(a, b hit) int { return a.start - b.start })
	}
	return dst
}

// decoder returns r decoded to UTF-8, guessing the encoding from head (the
// first bytes of r): UTF-16 with a byte order mark, UTF-8 (a BOM is
// dropped) or Shift_JIS (Windows-31J).
func decoder(r io.Reader, head []byte) io.Reader {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case jtext.DetectEncoding(head) == jtext.ShiftJIS:
		return transform.NewReader(r, japanese.ShiftJIS.NewDecoder())
	}
	return r // UTF-8; a BOM is not a digit and does no harm
}

// text searches r (whose first bytes are head) as text; delim is the CSV
// field separator (',' or '\t'), or 0 for plain text. Memory is bounded
// by chunkSize whatever the length of the file or of its lines.
func (s *scanner) text(w where, r io.Reader, head []byte, delim byte) error {
	t := textScan{delim: delim, found: func(h hit, line, col int) {
		f := Finding{Kind: h.kind, Line: line, Column: col}
		s.found(w, f)
	}}
	return t.run(decoder(r, head), s)
}

// textScan searches a stream of UTF-8 text chunk by chunk and turns byte
// offsets into lines and columns.
type textScan struct {
	delim byte // CSV field separator, 0 for plain text
	found func(h hit, line, col int)
	hits  []hit
	size  int // buffer size (chunkSize; tests use small ones)

	// The cursor: position cur in the buffer is on line `line`, after
	// `col` runes (plain text) or `col` field separators (CSV) of it.
	cur     int
	line    int
	col     int
	inQuote bool
}

func (t *textScan) run(r io.Reader, s *scanner) error {
	size := t.size
	if size == 0 {
		size = chunkSize
	}
	buf := make([]byte, size)
	n, from := 0, 0
	t.line = 1
	for {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		m, err := io.ReadFull(r, buf[n:])
		n += m
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return err
		}
		// This round searches buf[:end] and reports the numbers starting
		// in buf[from:own]; the next round starts at keep.
		own, keep, end := n, n, n
		if !eof {
			if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
				own, keep, end = i+1, i+1, i+1 // nothing spans a line end
			} else {
				own = n - guard
				keep = own - overlap
				// Not before a continuation byte, so no character (nor
				// a broken one) is split and columns count the same.
				for k := 0; k < overlap && keep > 1 && !utf8.RuneStart(buf[keep]); k++ {
					keep--
				}
			}
		}
		t.hits = hits(buf[:end], t.hits)
		var atKeep *textScan
		for _, h := range t.hits {
			if h.start < from {
				continue // reported by the previous round
			}
			if h.start >= own {
				break
			}
			if h.start >= keep && atKeep == nil {
				t.advance(buf, keep)
				c := *t
				atKeep = &c
			}
			t.advance(buf, h.start)
			t.found(h, t.line, t.col+1)
		}
		if eof {
			return nil
		}
		if atKeep != nil {
			t.line, t.col, t.inQuote = atKeep.line, atKeep.col, atKeep.inQuote
		} else {
			t.advance(buf, keep)
		}
		t.cur = 0
		from = own - keep
		n = copy(buf, buf[keep:n])
	}
}

// advance moves the cursor to pos.
func (t *textScan) advance(buf []byte, pos int) {
	seg := buf[t.cur:pos]
	t.cur = pos
	if k := bytes.LastIndexByte(seg, '\n'); k >= 0 {
		t.line += bytes.Count(seg, []byte{'\n'})
		seg = seg[k+1:]
		t.col, t.inQuote = 0, false
	}
	if t.delim == 0 {
		t.col += utf8.RuneCount(seg)
		return
	}
	for _, c := range seg {
		switch c {
		case '"':
			t.inQuote = !t.inQuote
		case t.delim:
			if !t.inQuote {
				t.col++
			}
		}
	}
}
