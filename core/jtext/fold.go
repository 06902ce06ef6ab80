package jtext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the search key for s. The vault's client and person indexes
// call it when storing a name, kana reading, address or phone number, and the
// search box calls it (via Contains) on the query.
//
// Steps: Unicode NFKC, lowercase, hiragana to katakana (including ゝゞ), removal
// of all whitespace and zero-width spaces, dash-like characters (U+2010–U+2015,
// U+2212, U+FE58, U+FE63, U+FF0D) to '-', the wave dash 〜 (U+301C) to '~' (NFKC
// already maps ～), and name-kanji variants to their common form. The long-vowel
// mark ー is kept. Invalid UTF-8 becomes U+FFFD.
//
// Fold is idempotent: Fold(Fold(s)) == Fold(s). It never fails.
func Fold(s string) string {
	if out, ok := foldASCII(s); ok {
		return out
	}
	if out, ok := foldSimple(s); ok {
		return out
	}
	// Removing whitespace can bring a base character next to a combining mark
	// (NFKC turns ゛ into " \u3099"), which a second NFKC pass would compose;
	// so can lowercasing (Y and a combining ring have no composed form, y
	// and the ring do). Repeat until nothing changes; in practice this is
	// two passes at most. A pass over NFKC-normal text is a no-op (every
	// other step is idempotent), so the cheap IsNormalString check usually
	// ends the loop.
	out := foldPass(s)
	for i := 0; i < 8 && !norm.NFKC.IsNormalString(out); i++ {
		next := foldPass(out)
		if next == out {
			break
		}
		out = next
	}
	return out
}

// foldASCII is Fold for printable ASCII (codes, phone numbers, e-mail
// addresses, postal codes): already NFKC-normal, so lowercase with spaces
// removed, without the normaliser. ok is false for anything else.
func foldASCII(s string) (string, bool) {
	upper, space := false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80 || c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' || c == 0x7f:
			return "", false
		case c >= 'A' && c <= 'Z':
			upper = true
		case c == ' ' || c >= '\t' && c <= '\r':
			space = true
		}
	}
	if !upper && !space {
		return s, true
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		case c == ' ' || c >= '\t' && c <= '\r':
		default:
			b = append(b, c)
		}
	}
	return string(b), true
}

// foldSimple is Fold for the text most names, readings and addresses are
// made of — printable ASCII, the ideographic space, hiragana, katakana,
// ー and ・, and CJK unified ideographs — without the normaliser: each of
// these is NFKC-normal on its own and none combines with another, so a
// rune-by-rune mapping gives what Fold's passes give (FuzzFoldReference).
// ok is false, and nothing is spent beyond the scan, for anything else
// (full-width digits, half-width kana, dakuten marks, …).
func foldSimple(s string) (string, bool) {
	var b []byte // nil while the key is s itself so far
	for i, orig := range s {
		r := orig
		switch {
		case r >= 0x21 && r <= 0x7e, r >= 0x30a1 && r <= 0x30f6, r == 0x30fb, r == 0x30fc:
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
		case r == ' ', r == 0x3000:
			if b == nil {
				b = append(make([]byte, 0, len(s)), s[:i]...)
			}
			continue
		case r >= 0x3041 && r <= 0x3096:
			r += 0x60
		case r >= 0x4e00 && r <= 0x9fff:
			if r >= minVariant {
				if v, ok := nameVariants[r]; ok {
					r = v
				}
			}
		default:
			return "", false
		}
		if b == nil {
			if r == orig {
				continue
			}
			b = append(make([]byte, 0, len(s)), s[:i]...)
		}
		b = utf8.AppendRune(b, r)
	}
	if b == nil {
		return s, true
	}
	return string(b), true
}

// Contains reports whether the already folded key haystackKey contains the
// folded form of query. The search code calls it with keys produced by Fold;
// an empty query matches everything.
func Contains(haystackKey, query string) bool {
	return strings.Contains(haystackKey, Fold(query))
}

// foldPass is one pass of Fold's steps.
func foldPass(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		switch {
		case r >= 0x3041 && r <= 0x3096, r == 0x309D, r == 0x309E:
			r += 0x60
		case unicode.IsSpace(r), r == 0x200B, r == 0xFEFF:
			continue
		case isDash(r):
			r = '-'
		case r == 0x301C:
			r = '~'
		case r >= minVariant:
			if v, ok := nameVariants[r]; ok {
				r = v
			}
		}
		b.WriteRune(r) // invalid input arrives here as utf8.RuneError
	}
	return b.String()
}

func isDash(r rune) bool {
	switch {
	case r >= 0x2010 && r <= 0x2015:
		return true
	case r == 0x2212, r == 0xFE58, r == 0xFE63, r == 0xFF0D:
		return true
	}
	return false
}
