package jtext

import (
	"bufio"
	"io"
	"slices"
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
	mapped  map[rune]int // Windows (CP932) substitutions made in written records
	pending []rune       // substitutions in the record being written
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

// Write writes one record followed by CRLF. For ShiftJIS, the characters a
// Mac or an IME types where Windows has its own (〜 U+301C, − U+2212, —
// U+2014, ¥, ¢, £, ¬, ‖, ‾) are written as Windows' code page 932 writes
// them (see Substitutions); reading the file back gives Windows' forms
// (～ U+FF5E, － U+FF0D, ― U+2015, \, ￠, ￡, ￢, ∥, ~). If a field contains
// invalid UTF-8 or, for ShiftJIS, a character CP932 cannot hold at all (𠮷,
// emoji, ...), it returns an *EncodeError (errors.Is ErrUnencodable) and
// writes nothing of that record; no '?' is ever substituted. Otherwise it
// returns the error of the underlying writer, if any. A record with no
// fields is written as an empty line, which readers skip.
func (c *CSVWriter) Write(record []string) error {
	c.buf = c.buf[:0]
	c.pending = c.pending[:0]
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
	for _, r := range c.pending {
		if c.mapped == nil {
			c.mapped = map[rune]int{}
		}
		c.mapped[r]++
	}
	return nil
}

// Substitution counts one character that a ShiftJIS CSVWriter wrote as
// Windows' CP932 form, so the export can tell the user: 〜 (U+301C) written
// as ～ (U+FF5E) 3 times.
type Substitution struct {
	From  rune `json:"from"`
	To    rune `json:"to"`
	Count int  `json:"count"`
}

// Substitutions lists the characters written in their Windows (CP932)
// form in the records written so far, by From; nil when there were none.
func (c *CSVWriter) Substitutions() []Substitution {
	var out []Substitution
	for r, n := range c.mapped {
		out = append(out, Substitution{From: r, To: cp932Forms[r], Count: n})
	}
	slices.SortFunc(out, func(a, b Substitution) int { return int(a.From - b.From) })
	return out
}

// cp932Forms maps the characters golang.org/x/text's Shift_JIS encoder
// refuses to the character whose CP932 bytes Windows writes for them
// (WideCharToMultiByte on code page 932; the "WAVE DASH problem"): the
// JIS X 0208 mapping of Unicode's tables versus Microsoft's. x/text reads
// those bytes back as the target, as Windows does.
var cp932Forms = map[rune]rune{
	'\u301C': '\uFF5E', // 〜 WAVE DASH → ～ FULLWIDTH TILDE (0x8160)
	'\u2212': '\uFF0D', // − MINUS SIGN → － FULLWIDTH HYPHEN-MINUS (0x817C)
	'\u2014': '\u2015', // — EM DASH → ― HORIZONTAL BAR (0x815C)
	'\u2016': '\u2225', // ‖ DOUBLE VERTICAL LINE → ∥ PARALLEL TO (0x8161)
	'\u00A2': '\uFFE0', // ¢ → ￠ (0x8191)
	'\u00A3': '\uFFE1', // £ → ￡ (0x8192)
	'\u00AC': '\uFFE2', // ¬ → ￢ (0x81CA)
	'\u00A5': '\\',     // ¥ YEN SIGN → 0x5C, which Japanese Windows shows as ¥
	'\u203E': '~',      // ‾ OVERLINE → 0x7E, JIS X 0201's overline
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
	// Slow path: write characters Windows maps in their CP932 form, then
	// find the first rune that still cannot be encoded.
	var b strings.Builder
	n := len(c.pending)
	for _, r := range f {
		if to, ok := cp932Forms[r]; ok {
			c.pending = append(c.pending, r)
			r = to
		}
		enc, err := c.encoder.String(string(r))
		if err != nil {
			c.pending = c.pending[:n]
			return "", &EncodeError{Rune: r, Encoding: c.enc}
		}
		b.WriteString(enc)
	}
	return b.String(), nil
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
