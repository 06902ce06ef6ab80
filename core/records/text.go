package records

import "unicode/utf8"

// Limits of the free-text fields, in characters (runes). They keep a
// record well inside what the exports carry: an Excel cell holds 32,767
// UTF-16 units, and the longest field, the notes, stays far below it even
// when every character takes two units. Phone numbers, postal codes,
// e-mail addresses and the corporate number have formats of their own.
const (
	// MaxCodeLen bounds a client code (顧問先コード).
	MaxCodeLen = 32
	// MaxTextLen bounds names, readings, addresses, titles and tags.
	MaxTextLen = 200
	// MaxNotesLen bounds the notes (備考), the only multi-line field.
	MaxNotesLen = 10_000
)

// checkText reports a text field longer than max runes (CodeTooLong…) or
// holding a control character: C0 (U+0000–U+001F), DEL and C1
// (U+0080–U+009F), and invalid UTF-8. multiline allows tab, LF and CR.
func checkText(p *problems, field, s string, max int, multiline bool) {
	if s == "" {
		return
	}
	if utf8.RuneCountInString(s) > max {
		code := CodeTooLong
		switch max {
		case MaxCodeLen:
			code = CodeTooLongCode
		case MaxNotesLen:
			code = CodeTooLongNotes
		}
		p.add(field, code)
	}
	if HasControl(s, multiline) {
		p.add(field, CodeControlChar)
	}
}

// HasControl reports whether s holds a control character (C0, DEL, C1) or
// invalid UTF-8; with multiline, tab, LF and CR are allowed. The exports
// use it to find a stored value another program wrote past Validate.
func HasControl(s string, multiline bool) bool {
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			return true // invalid UTF-8 (U+FFFD itself is never typed)
		case r == '\t' || r == '\n' || r == '\r':
			if !multiline {
				return true
			}
		case r < 0x20 || (r >= 0x7F && r <= 0x9F):
			return true
		}
	}
	return false
}
