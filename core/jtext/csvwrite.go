package jtext

import (
	"bufio"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

// CSVWriter writes comma-separated records in UTF-8, UTF-8 with BOM or
// Shift_JIS, with CRLF line endings as Excel on Windows expects. Create it
// with NewCSVWriter; call Flush when done. Fields are quoted when they contain
// ',', '"', CR or LF, start or end with a space or tab, start with U+FEFF
// (which a reader would take for a BOM), or when a record
// consists of a single empty field (so it is not read back as a blank line).
// Line breaks inside a field are written as given.
type CSVWriter struct {
	// EscapeFormulas, when true, prefixes a field that starts with '=', '+',
	// '-', '@', tab or CR with a single quote ('), so Excel shows it as text
	// instead of evaluating it as a formula (CSV formula injection). Export
	// code should set it for files meant to be opened in a spreadsheet. It
	// changes the data ("-5" is written as "'-5"), so leave it false for
	// files meant for import into other software. Default false.
	EscapeFormulas bool

	w       *bufio.Writer
	enc     Encoding
	encoder *encoding.Encoder
	records int // records written so far
	started bool
	buf     []byte
}

// NewCSVWriter returns a writer that writes CSV in encoding enc to w. The
// export code calls it with the destination file. Output is buffered; nothing
// reaches w before the first Write's buffer fills or Flush is called.
func NewCSVWriter(w io.Writer, enc Encoding) *CSVWriter {
	c := &CSVWriter{w: bufio.NewWriter(w), enc: enc}
	if enc == ShiftJIS {
		c.encoder = japanese.ShiftJIS.NewEncoder()
	}
	return c
}

// Write writes one record followed by CRLF. If a field contains invalid UTF-8
// or, for ShiftJIS, a character Shift_JIS cannot represent (𠮷, emoji, 〜
// U+301C, − U+2212, ...), it returns an *EncodeError (errors.Is
// ErrUnencodable) and writes nothing of that record; no '?' is ever
// substituted. Otherwise it returns the error of the underlying writer, if
// any. A record with no fields is written as an empty line, which readers
// skip.
func (c *CSVWriter) Write(record []string) error {
	c.buf = c.buf[:0]
	if !c.started && c.enc == UTF8BOM {
		c.buf = append(c.buf, utf8BOM...)
	}
	for i, f := range record {
		if i > 0 {
			c.buf = append(c.buf, ',')
		}
		if c.EscapeFormulas && needsFormulaEscape(f) {
			f = "'" + f
		}
		enc, err := c.encodeField(f)
		if err != nil {
			err.Record = c.records + 1
			err.Field = i + 1
			return err
		}
		if needsQuotes(f) || (len(record) == 1 && f == "") {
			c.buf = appendQuoted(c.buf, enc)
		} else {
			c.buf = append(c.buf, enc...)
		}
	}
	c.buf = append(c.buf, '\r', '\n')
	if _, err := c.w.Write(c.buf); err != nil {
		return err
	}
	c.started = true
	c.records++
	return nil
}

// Flush writes buffered data to the underlying writer and returns its error.
// For UTF8BOM it writes the BOM even if no record was written, so an empty
// export still opens as UTF-8 in Excel.
func (c *CSVWriter) Flush() error {
	if !c.started && c.enc == UTF8BOM {
		if _, err := c.w.Write(utf8BOM); err != nil {
			return err
		}
		c.started = true
	}
	return c.w.Flush()
}

// encodeField converts a UTF-8 field to the target encoding strictly.
func (c *CSVWriter) encodeField(f string) (string, *EncodeError) {
	if isASCII(f) {
		return f, nil
	}
	if !utf8.ValidString(f) {
		return "", &EncodeError{Rune: utf8.RuneError, Encoding: c.enc}
	}
	if c.encoder == nil {
		return f, nil
	}
	out, err := c.encoder.String(f)
	if err == nil {
		return out, nil
	}
	// Slow path: find the first rune that cannot be encoded.
	bad := utf8.RuneError
	for _, r := range f {
		if _, err := c.encoder.String(string(r)); err != nil {
			bad = r
			break
		}
	}
	return "", &EncodeError{Rune: bad, Encoding: c.enc}
}

func needsFormulaEscape(f string) bool {
	if f == "" {
		return false
	}
	switch f[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// needsQuotes is decided on the UTF-8 text; the encoded form has the same
// ASCII bytes in the same places.
func needsQuotes(f string) bool {
	if f == "" {
		return false
	}
	if strings.ContainsAny(f, ",\"\r\n") || strings.HasPrefix(f, "\uFEFF") {
		return true // a leading BOM would be stripped as a file BOM on reading
	}
	first, last := f[0], f[len(f)-1]
	return first == ' ' || first == '\t' || last == ' ' || last == '\t'
}

// appendQuoted appends s in double quotes, doubling inner quotes. Safe on
// Shift_JIS bytes, where 0x22 never occurs as a trail byte.
func appendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, s[i])
	}
	return append(dst, '"')
}
