package mynumber

import (
	"fmt"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// maxInput bounds what the parsers normalise. A number typed with full-width
// digits, ideographic spaces and dashes is about 50 bytes; anything far longer
// is not a number, and refusing it early keeps NFKC off megabytes of pasted
// text.
const maxInput = 256

// normalize turns typed or pasted input into exactly want ASCII digits. It
// applies NFKC (full-width digits become ASCII, the full-width hyphen becomes
// '-', the half-width long-vowel mark becomes ー), then drops whitespace,
// zero-width spaces and dash-like characters, and refuses anything else. what
// names the number in the error ("individual number needs twelve digits").
//
// The result is written into buf to avoid an allocation; the error never
// carries any part of s.
func normalize(buf []byte, s string, want int, what string) ([]byte, error) {
	if len(s) > maxInput {
		return nil, fmt.Errorf("%w: input too long", ErrFormat)
	}
	if !isASCII(s) {
		s = norm.NFKC.String(s)
	}
	out := buf[:0]
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if len(out) == want {
				return nil, fmt.Errorf("%w: %s", ErrFormat, what)
			}
			out = append(out, byte(r))
		case unicode.IsSpace(r), r == 0x200B, r == 0xFEFF, isDash(r):
			// Grouping: "1234 5678 9018", "1234-5678-9018", "1234ー5678ー9018".
		default:
			return nil, fmt.Errorf("%w: invalid character", ErrFormat)
		}
	}
	if len(out) != want {
		return nil, fmt.Errorf("%w: %s", ErrFormat, what)
	}
	return out, nil
}

// isDash reports the dash-like characters people type between digit groups,
// after NFKC: the ASCII hyphen-minus, U+2010–U+2015 (hyphen … horizontal bar),
// U+2212 minus sign, and the katakana long-vowel mark ー (U+30FC), which a
// Japanese IME produces for the '-' key. (NFKC has already mapped U+FF0D,
// U+FE63 and U+FE58 onto these, and half-width ｰ onto ー.)
func isDash(r rune) bool {
	switch {
	case r == '-', r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0x30FC:
		return true
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// strictDigits reports whether b is exactly n ASCII digits.
func strictDigits(b []byte, n int) bool {
	if len(b) != n {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
