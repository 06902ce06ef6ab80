package jtext

import (
	"strings"
	"unicode"

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
	// Removing whitespace can bring a base character next to a combining mark
	// (NFKC turns ゛ into " \u3099"), which a second NFKC pass would compose.
	// Repeat until nothing changes; in practice this is two passes at most.
	// A pass over NFKC-normal text is a no-op (every other step is
	// idempotent), so the cheap IsNormalString check usually ends the loop.
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

// Contains reports whether the already folded key haystackKey contains the
// folded form of query. The search code calls it with keys produced by Fold;
// an empty query matches everything.
func Contains(haystackKey, query string) bool {
	return strings.Contains(haystackKey, Fold(query))
}

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
		default:
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
