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
			return nil, &SyntaxError{Record: c.record, Line: pe.Line, Column: pe.Column, Err: pe}
		}
		return nil, err
	}
	c.record++
	for i, f := range rec {
		s, ok := c.decodeField(f)
		if !ok {
			line, _ := c.cr.FieldPos(i)
			return nil, &DecodeError{Record: c.record, Field: i + 1, Line: line, Encoding: c.enc}
		}
		rec[i] = s
	}
	return rec, nil
}

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

// decodeField decodes the raw bytes of one field strictly.
func (c *CSVReader) decodeField(f string) (string, bool) {
	if isASCII(f) {
		return f, true // identical in UTF-8 and Shift_JIS
	}
	if c.dec == nil {
		return f, utf8.ValidString(f)
	}
	out, err := c.dec.String(f)
	if err != nil {
		return "", false
	}
	// x/text decodes bytes it cannot map to U+FFFD without an error, and
	// Shift_JIS has no encoding for U+FFFD, so U+FFFD means "undecodable".
	// A lone 0x80 decodes to the C1 control U+0080 (as in Microsoft's table)
	// but the encoder cannot write it back; it is corruption, not text.
	if strings.ContainsRune(out, utf8.RuneError) || strings.ContainsRune(out, 0x80) {
		return "", false
	}
	return out, true
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
