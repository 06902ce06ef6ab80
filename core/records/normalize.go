package records

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"

	"github.com/kinko-jp/kinko/core/jtext"
)

// Normalisers used by Client.Normalize and Person.Normalize. Each is
// idempotent and only rewrites formatting: when a value cannot be brought
// into shape it is left (trimmed) for Validate to report, never guessed at
// or dropped.

// ideographicSpace separates family and given names in a stored reading
// (ヤマダ　タロウ), as on e-Tax and most Japanese forms, which want the whole
// reading in full-width characters.
const ideographicSpace = '\u3000'

// normalizeKana turns a reading as typed into the stored form: full-width
// katakana, half-width katakana widened (ﾀﾞ → ダ), hiragana to katakana,
// stand-alone voicing marks (゛゜ﾞﾟ) joined to the preceding kana, outer
// spaces trimmed and inner runs of spaces collapsed to one ideographic space.
func normalizeKana(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteRune(ideographicSpace)
			space = false
		}
		if r >= 0xFF61 && r <= 0xFF9F { // half-width katakana block
			if w := width.LookupRune(r).Wide(); w != 0 {
				r = w
			}
		}
		switch {
		case r == 0x309B: // ゛ (also what ﾞ widens to)
			r = 0x3099 // combining, so NFC composes it with the kana before
		case r == 0x309C: // ゜
			r = 0x309A
		case r >= 0x3041 && r <= 0x3096, r == 0x309D, r == 0x309E: // hiragana, ゝゞ
			r += 0x60
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// isKatakanaReading reports whether s holds only full-width katakana, the
// long-vowel mark, the middle dot (for foreign names) and ideographic spaces.
func isKatakanaReading(s string) bool {
	for _, r := range s {
		switch {
		case r >= 0x30A1 && r <= 0x30FA: // ァ … ヺ
		case r >= 0x30FB && r <= 0x30FE: // ・ ー ヽ ヾ
		case r >= 0x31F0 && r <= 0x31FF: // small katakana extensions (ㇰ …)
		case r == ideographicSpace:
		default:
			return false
		}
	}
	return true
}

// narrow maps full-width ASCII (０-９, Ａ-Ｚ, －, ＠, （…) to ASCII and the
// ideographic space to ' ', leaving every other character, katakana
// included, alone.
func narrow(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ideographicSpace {
			return ' '
		}
		if p := width.LookupRune(r); p.Kind() == width.EastAsianFullwidth && p.Narrow() < 0x80 && p.Narrow() != 0 {
			return p.Narrow()
		}
		return r
	}, s)
}

// isDashLike reports whether r is a character clerks type for a hyphen in
// numbers: ASCII '-', Unicode dashes, the minus sign, the long-vowel mark
// (an IME habit) and their half-width forms.
func isDashLike(r rune) bool {
	switch {
	case r == '-', r == 'ー', r == 'ｰ', r == '−', r == '﹣':
		return true
	case r >= 0x2010 && r <= 0x2015:
		return true
	}
	return false
}

// normalizePostal writes a postal code as "NNN-NNNN" when the input holds
// exactly seven digits, optionally after 〒 and with a hyphen (of any kind)
// after the third digit or spaces anywhere.
func normalizePostal(s string) string {
	t := strings.TrimSpace(narrow(s))
	t = strings.TrimSpace(strings.TrimPrefix(t, "〒"))
	var digits []byte
	for i, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case unicode.IsSpace(r):
		case isDashLike(r) && len(digits) == 3 && i > 0:
		default:
			return t
		}
	}
	if len(digits) != 7 {
		return t
	}
	return string(digits[:3]) + "-" + string(digits[3:])
}

func isPostal(s string) bool {
	if len(s) != 8 || s[3] != '-' {
		return false
	}
	return allDigits(s[:3]) && allDigits(s[4:])
}

// normalizePhone writes a phone number in ASCII with hyphens: full-width
// digits narrowed, dash-like characters, spaces and the parentheses of
// "03(1234)5678" or "(03)1234-5678" turned into single hyphens, an optional
// leading '+' kept. A value with any other character (内線, letters) is
// only trimmed and narrowed.
func normalizePhone(s string) string {
	t := strings.TrimSpace(narrow(s))
	var b strings.Builder
	sep := false
	for i, r := range t {
		switch {
		case r >= '0' && r <= '9':
			if sep && b.Len() > 0 && !strings.HasSuffix(b.String(), "+") {
				b.WriteByte('-')
			}
			sep = false
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteByte('+')
		case isDashLike(r), unicode.IsSpace(r), r == '(', r == ')', r == '.':
			sep = true
		default:
			return t
		}
	}
	return b.String()
}

// isPhone accepts a Japanese number (a leading 0 and 10 or 11 digits:
// 03-1234-5678, 090-1234-5678, 0120-123-456) or an international one
// (+ and 8 to 15 digits, E.164), with single hyphens between digit groups.
func isPhone(s string) bool {
	intl := strings.HasPrefix(s, "+")
	body := strings.TrimPrefix(s, "+")
	n := 0
	for _, g := range strings.Split(body, "-") {
		if !allDigits(g) {
			return false
		}
		n += len(g)
	}
	if intl {
		return n >= 8 && n <= 15
	}
	return body[0] == '0' && (n == 10 || n == 11)
}

// normalizeEmail trims and narrows (an IME left on gives ｙａｍａｄａ＠…).
func normalizeEmail(s string) string { return strings.TrimSpace(narrow(s)) }

// isEmail is a deliberately loose syntax check: one '@', a non-empty local
// part of at most 64 bytes, a dotted domain without empty labels, no
// spaces or control characters, at most 254 bytes. Deliverability is the
// sender's business.
func isEmail(s string) bool {
	if len(s) > 254 {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || len(local) > 64 || strings.Contains(domain, "@") {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7F || unicode.IsSpace(r) || r == '\uFFFD' {
			return false
		}
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" {
			return false
		}
	}
	return true
}

// normalizeCorporateNumber keeps only the digits of a 法人番号 typed with
// spaces or hyphens (1-2345-6789-0123), narrowing full-width digits. A value
// with other characters is only trimmed and narrowed.
func normalizeCorporateNumber(s string) string {
	t := strings.TrimSpace(narrow(s))
	var b strings.Builder
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case isDashLike(r), unicode.IsSpace(r):
		default:
			return t
		}
	}
	return b.String()
}

// corporateCheckDigit computes the check digit of a 13-digit corporate
// number (法人番号) from its 12 base digits (the number without its leading
// check digit): 9 − (Σ Pn × Qn mod 9), where Pn is the n-th base digit
// counted from the right and Qn is 1 for odd n and 2 for even n (法人番号の
// 指定等に関する省令 第2条). core/mynumber will export the same check for
// everyone; this copy stays unexported so that records does not depend on
// the package that handles My Numbers.
func corporateCheckDigit(base string) int {
	sum := 0
	for n := 1; n <= 12; n++ {
		p := int(base[12-n] - '0')
		q := 1
		if n%2 == 0 {
			q = 2
		}
		sum += p * q
	}
	return 9 - sum%9
}

// checkCorporateNumber returns "" or the code describing what is wrong with
// a normalised corporate number.
func checkCorporateNumber(s string) string {
	if len(s) != 13 || !allDigits(s) {
		return CodeCorporateNumberFormat
	}
	if int(s[0]-'0') != corporateCheckDigit(s[1:]) {
		return CodeCorporateNumberCheckDigit
	}
	return ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// normalizeList trims every item, drops empty ones and removes duplicates,
// keeping the first occurrence. With folded set, items equal under
// jtext.Fold (ＶＩＰ and vip) count as duplicates. It returns nil for an
// empty result so that omitempty leaves the field out.
func normalizeList(items []string, folded bool) []string {
	var out []string
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		key := it
		if folded {
			key = jtext.Fold(it)
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, it)
	}
	return out
}

// normalizeDate turns a non-nil pointer to the zero Date into nil, so that
// "no date" has one representation.
func normalizeDate(d *Date) *Date {
	if d == nil || d.IsZero() {
		return nil
	}
	return d
}
