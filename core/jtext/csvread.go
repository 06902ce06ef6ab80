package jtext

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

// CSVReader reads comma-separated records from a UTF-8 or Shift_JIS CSV file
// and returns them as UTF-8. Create it with NewCSVReader. Records may have a
// varying number of fields; quotes must be well-formed (no lazy quotes);
// blank lines are skipped, and CRLF inside a quoted field is returned as LF,
// as encoding/csv does.
type CSVReader struct {
	cr     *csv.Reader
	enc    Encoding
	dec    *encoding.Decoder
	record int // records attempted so far
	line   int // the line where the record read last starts
}

// NewCSVReader returns a reader that parses r as CSV in encoding enc. The
// import code calls it with the file and the encoding chosen in the dialog
// (often preselected by DetectEncoding). A leading UTF-8 BOM is skipped for
// UTF8 and UTF8BOM. Nothing is read until the first Read.
func NewCSVReader(r io.Reader, enc Encoding) *CSVReader {
	if enc == UTF8 || enc == UTF8BOM {
		r = &bomSkipper{br: bufio.NewReader(r)}
	}
	cr := csv.NewReader(r)
	cr.LazyQuotes = false
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	cr.Comma = ','
	cr.Comment = 0
	cr.TrimLeadingSpace = false
	c := &CSVReader{cr: cr, enc: enc}
	if enc == ShiftJIS {
		c.dec = japanese.ShiftJIS.NewDecoder()
	}
	return c
}

// Read returns the next record with every field decoded to UTF-8. At the end
// of input it returns nil, io.EOF. Errors: *DecodeError (errors.Is
// ErrUndecodable) when a field is not valid in the reader's encoding,
// *SyntaxError (errors.Is ErrSyntax) for malformed CSV, or the error of the
// underlying reader. After a DecodeError the next Read continues with the
// following record.
func (c *CSVReader) Read() ([]string, error) {
	rec, err := c.cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			c.record++
			return nil, &SyntaxError{Record: c.record, StartLine: pe.StartLine, Line: pe.Line, Column: pe.Column, Err: pe}
		}
		return nil, err
	}
	c.record++
	c.line, _ = c.cr.FieldPos(0)
	for i, f := range rec {
		s, breaks := c.decodeField(f)
		if breaks >= 0 {
			// The line of the bad byte itself: a quoted field may span
			// lines, and its line breaks are the file's.
			line, _ := c.cr.FieldPos(i)
			return nil, &DecodeError{Record: c.record, Field: i + 1, Line: line + breaks, Encoding: c.enc}
		}
		rec[i] = s
	}
	return rec, nil
}

// Line returns the file's line (1-based, counting every line break, the
// header's line included) where the record Read returned last starts, so
// an error about a record names the line an editor shows. A record with a
// quoted line break spans several lines. Before the first Read it is 0.
func (c *CSVReader) Line() int { return c.line }

// ReadAll reads all remaining records. It returns a nil error at the end of
// input, and nil records with the first error otherwise (see Read).
func (c *CSVReader) ReadAll() ([][]string, error) {
	var out [][]string
	for {
		rec, err := c.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
}

// decodeField decodes the raw bytes of one field strictly. breaks is -1,
// or the number of line breaks in f before its first undecodable byte.
func (c *CSVReader) decodeField(f string) (s string, breaks int) {
	if isASCII(f) {
		return f, -1 // identical in UTF-8 and Shift_JIS
	}
	if c.dec == nil {
		for i, r := range f {
			if r == utf8.RuneError {
				if _, size := utf8.DecodeRuneInString(f[i:]); size == 1 {
					return "", strings.Count(f[:i], "\n")
				}
			}
		}
		return f, -1
	}
	out, err := c.dec.String(f)
	if err != nil {
		return "", 0
	}
	// x/text decodes bytes it cannot map to U+FFFD without an error, and
	// Shift_JIS has no encoding for U+FFFD, so U+FFFD means "undecodable".
	// A lone 0x80 decodes to the C1 control U+0080 (as in Microsoft's table)
	// but the encoder cannot write it back; it is corruption, not text.
	// Decoding keeps every line break (no trail byte is 0x0A), so the text
	// before the bad character holds as many as the raw bytes.
	if i := strings.IndexFunc(out, func(r rune) bool { return r == utf8.RuneError || r == 0x80 }); i >= 0 {
		return "", strings.Count(out[:i], "\n")
	}
	return out, -1
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// syntaxReason describes a csv parse error without quoting any input.
func syntaxReason(err error) string {
	for _, known := range []error{csv.ErrBareQuote, csv.ErrQuote, csv.ErrFieldCount} {
		if errors.Is(err, known) {
			return known.Error()
		}
	}
	return "malformed csv"
}

// bomSkipper drops a leading UTF-8 BOM on the first Read.
type bomSkipper struct {
	br   *bufio.Reader
	done bool
}

func (b *bomSkipper) Read(p []byte) (int, error) {
	if !b.done {
		b.done = true
		if pk, _ := b.br.Peek(len(utf8BOM)); bytes.Equal(pk, utf8BOM) {
			_, _ = b.br.Discard(len(utf8BOM))
		}
	}
	return b.br.Read(p)
}
