package mynumber

// Span is a byte range [Start, End) in the text given to FindIndividual.
// The share screen uses it to show where a number was found; it holds
// offsets only, never the digits.
type Span struct {
	Start, End int
}

// maxSep is the most separator characters accepted between two 4-digit
// groups ("1234 - 5678 - 9018" has three).
const maxSep = 3

// FindIndividual returns the byte ranges of text that look like a 個人番号
// with a valid check digit. Share packages call it on every outgoing file
// (DESIGN.md §5: a share is blocked unless the user overrides it, which is
// logged); it is pure and allocates only for the result.
//
// A candidate is either
//   - a run of exactly twelve digits, or
//   - three runs of exactly four digits separated by one to three spaces or
//     dashes ("1234 5678 9018", "1234-5678-9018", "１２３４－５６７８－９０１８"),
//
// where a digit is an ASCII digit or a full-width digit (U+FF10–U+FF19, in
// UTF-8), the spaces are U+0020, U+00A0 and U+3000, and the dashes are those
// ParseIndividual accepts (including the full-width hyphen and ー). A run
// "of exactly n digits" is not adjacent to another digit, so the twelve-digit
// tails of a 13-digit 法人番号 or a 16-digit card number are not reported.
// In a longer chain of 4-digit groups (a card number written 4-4-4-4, or a
// phone number just before a grouped My Number) every three-group window is
// checked: dropping the chain, or reading it in fixed steps, could miss a
// real number, and when in doubt a share should rather be stopped.
//
// Spans are ordered by Start and each parses with ParseIndividual. They
// never overlap, except that two valid windows of one such chain do. Text in other encodings (Shift_JIS, UTF-16) must be
// decoded to UTF-8 by the caller first. Returns nil when nothing is found.
func FindIndividual(text []byte) []Span {
	var spans []Span
	var d [13]byte
	i := 0
	for i < len(text) {
		if digitWidth(text, i) == 0 {
			i++ // safe in UTF-8: a digit never starts inside a multi-byte character
			continue
		}
		// i starts a maximal run of digits (the previous byte was not part of one).
		start := i
		count := 0
		for {
			w := digitWidth(text, i)
			if w == 0 {
				break
			}
			if count < len(d) {
				d[count] = digitValue(text, i, w)
			}
			count++
			i += w
		}
		switch count {
		case 12:
			if individualCheck(d[:11]) == int(d[11]-'0') {
				spans = append(spans, Span{start, i})
			}
		case 4:
			// Scanning resumes after this first group either way, so in a
			// chain of more than three groups every window is tried.
			if end, ok := grouped(text, i, d[:]); ok && individualCheck(d[:11]) == int(d[11]-'0') {
				spans = append(spans, Span{start, end})
			}
		}
	}
	clear(d[:])
	return spans
}

// grouped tries to read "sep 4digits sep 4digits" at i, the end of a first
// 4-digit run, filling d[4:12]. It returns the end of the last group.
func grouped(text []byte, i int, d []byte) (int, bool) {
	for g := 1; g <= 2; g++ {
		n := 0
		for n < maxSep {
			w := sepWidth(text, i)
			if w == 0 {
				break
			}
			i += w
			n++
		}
		if n == 0 {
			return 0, false
		}
		for k := 0; k < 4; k++ {
			w := digitWidth(text, i)
			if w == 0 {
				return 0, false
			}
			d[g*4+k] = digitValue(text, i, w)
			i += w
		}
		if digitWidth(text, i) != 0 {
			return 0, false // the group is longer than four digits
		}
	}
	return i, true
}

// digitWidth returns the byte length of the digit at text[i] (1 for ASCII, 3
// for a full-width digit) or 0 if there is none (or i is at the end).
func digitWidth(text []byte, i int) int {
	if i >= len(text) {
		return 0
	}
	c := text[i]
	if c >= '0' && c <= '9' {
		return 1
	}
	// U+FF10–U+FF19 is EF BC 90–EF BC 99.
	if c == 0xEF && i+2 < len(text) && text[i+1] == 0xBC && text[i+2] >= 0x90 && text[i+2] <= 0x99 {
		return 3
	}
	return 0
}

// digitValue returns the ASCII digit for the w-byte digit at text[i].
func digitValue(text []byte, i, w int) byte {
	if w == 1 {
		return text[i]
	}
	return '0' + text[i+2] - 0x90
}

// sepWidth returns the byte length of a grouping separator at text[i], or 0.
// The set matches what ParseIndividual removes, so every span parses.
func sepWidth(text []byte, i int) int {
	if i >= len(text) {
		return 0
	}
	switch c := text[i]; {
	case c == ' ' || c == '-':
		return 1
	case c == 0xC2: // U+00A0 no-break space
		if i+1 < len(text) && text[i+1] == 0xA0 {
			return 2
		}
	case c == 0xE2 && i+2 < len(text):
		b1, b2 := text[i+1], text[i+2]
		if b1 == 0x80 && b2 >= 0x90 && b2 <= 0x95 { // U+2010–U+2015
			return 3
		}
		if b1 == 0x88 && b2 == 0x92 { // U+2212 minus sign
			return 3
		}
	case c == 0xE3 && i+2 < len(text):
		b1, b2 := text[i+1], text[i+2]
		if (b1 == 0x80 && b2 == 0x80) || (b1 == 0x83 && b2 == 0xBC) { // U+3000, U+30FC ー
			return 3
		}
	case c == 0xEF && i+2 < len(text):
		b1, b2 := text[i+1], text[i+2]
		if (b1 == 0xBC && b2 == 0x8D) || (b1 == 0xBD && b2 == 0xB0) || (b1 == 0xB9 && b2 == 0xA3) { // U+FF0D, U+FF70 ｰ, U+FE63
			return 3
		}
	}
	return 0
}

// FindCorporate returns the byte ranges of text that are a run of exactly
// thirteen digits (ASCII or full-width, not adjacent to another digit) with
// a valid 法人番号 check digit. Share packages warn on them: corporate
// numbers are public, but a client's may still be worth a second look.
// Grouped forms ("1-2345-6789-0123") are not searched. Like FindIndividual
// it is pure and allocates only for the result; nil when nothing is found.
func FindCorporate(text []byte) []Span {
	var spans []Span
	var d [13]byte
	i := 0
	for i < len(text) {
		if digitWidth(text, i) == 0 {
			i++
			continue
		}
		start := i
		count := 0
		for {
			w := digitWidth(text, i)
			if w == 0 {
				break
			}
			if count < len(d) {
				d[count] = digitValue(text, i, w)
			}
			count++
			i += w
		}
		if count == 13 && corporateCheck(d[1:]) == int(d[0]-'0') {
			spans = append(spans, Span{start, i})
		}
	}
	clear(d[:])
	return spans
}

// FindAll does FindIndividual and FindCorporate in one pass over text,
// appending to ind and corp (which may be nil) and returning them. Scans
// of large files use it: each byte is looked at once.
func FindAll(text []byte, ind, corp []Span) ([]Span, []Span) {
	var d [13]byte
	i := 0
	for i < len(text) {
		if c := text[i]; c-'0' > 9 && c != 0xEF {
			i++
			continue
		}
		if digitWidth(text, i) == 0 {
			i++
			continue
		}
		start := i
		count := 0
		for {
			w := digitWidth(text, i)
			if w == 0 {
				break
			}
			if count < len(d) {
				d[count] = digitValue(text, i, w)
			}
			count++
			i += w
		}
		switch count {
		case 12:
			if individualCheck(d[:11]) == int(d[11]-'0') {
				ind = append(ind, Span{start, i})
			}
		case 13:
			if corporateCheck(d[1:]) == int(d[0]-'0') {
				corp = append(corp, Span{start, i})
			}
		case 4:
			if end, ok := grouped(text, i, d[:]); ok && individualCheck(d[:11]) == int(d[11]-'0') {
				ind = append(ind, Span{start, end})
			}
		}
	}
	clear(d[:])
	return ind, corp
}
