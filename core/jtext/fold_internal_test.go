package jtext

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// referenceFold is Fold as first written, without its shortcuts (printable
// ASCII without the normaliser, no NFKC check after a pass that removed
// nothing, variants looked up for every rune): the fast Fold must give
// the same key for every input, or the index built with one would miss
// queries folded with the other.
func referenceFold(s string) string {
	pass := func(s string) string {
		s = norm.NFKC.String(s)
		var b strings.Builder
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
			b.WriteRune(r)
		}
		return b.String()
	}
	out := pass(s)
	for i := 0; i < 8 && !norm.NFKC.IsNormalString(out); i++ {
		next := pass(out)
		if next == out {
			break
		}
		out = next
	}
	return out
}

func FuzzFoldReference(f *testing.F) {
	for _, s := range []string{"ﾔﾏﾀﾞ", "山田　太郎", "０３－１２３４－５６７８", "髙橋", "か゛", "か ゛", "\u00a8\u0301", "a\xff",
		"K-00012", "Yamada Taro", "03-1234-5678", "a\tb\r\n", "\x00A", "A\x7f", "ｶﾞ ﾟ", "İstanbul", "ǅ", "Ω", "ﬃ", "〜", "ゝゞ",
		"山田 太郎", "ヤマダ　タロウ", "やまだ たろう", "髙橋・ナカムラ", "東京都千代田区丸の内1-2-3 ABCビル5F", "ヷヸ", "か\u3099", "カ\u309a", "ゔ", "ヴ", "ヵヶ", "ー〜", "株式会社ＡＢＣ", "㈱山田", "\u3000\u3099"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), referenceFold(s); got != want {
			t.Fatalf("Fold(%q) = %q, the reference gives %q", s, got, want)
		}
	})
}
