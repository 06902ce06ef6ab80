package share

import (
	"crypto/rand"
	"math"
	"math/big"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Passphrase is a generated passphrase: Text is what the opener is given
// ("sakura-mikan-…"); Kana the words as read aloud.
type Passphrase struct {
	Text string
	Kana []string
}

// PassphraseBits is the least entropy of a generated passphrase.
const PassphraseBits = 64

// word is one entry of the word list: its hiragana and their Hepburn
// spelling (what is typed).
type word struct{ romaji, kana string }

var (
	wordsOnce sync.Once
	wordList  []word
)

// passWords returns the word list, romanised once.
func passWords() []word {
	wordsOnce.Do(func() {
		for _, k := range strings.Fields(wordsKana) {
			r, ok := hepburn(k)
			if !ok {
				panic("share: word list: " + k) // the tests keep this unreachable
			}
			wordList = append(wordList, word{romaji: r, kana: k})
		}
	})
	return wordList
}

// PassphraseWords is how many words NewPassphrase uses: the fewest whose
// entropy reaches PassphraseBits.
func PassphraseWords() int {
	return int(math.Ceil(PassphraseBits / math.Log2(float64(len(passWords())))))
}

// NewPassphrase returns a random passphrase of at least 64 bits: words
// chosen uniformly with crypto/rand from a list of common Japanese nouns,
// in lowercase Hepburn joined by "-".
func NewPassphrase() Passphrase {
	ws := passWords()
	n := PassphraseWords()
	var p Passphrase
	texts := make([]string, n)
	max := big.NewInt(int64(len(ws)))
	for i := range texts {
		j, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic(err) // crypto/rand never fails on supported systems
		}
		w := ws[j.Int64()]
		texts[i] = w.romaji
		p.Kana = append(p.Kana, w.kana)
	}
	p.Text = strings.Join(texts, "-")
	return p
}

// passSeparators are the characters (after NFKC) that separate words.
const passSeparators = "-‐−・_,"

// NormalizePassphrase is what every opener applies to what a person typed
// (width, case, separators) before trying it; the opener page does the same:
// NFKC (full width to half width), lower case, then every run of
// separators — white space (U+3000 too), "-", "‐", "−", "・", "_", "," —
// becomes one "-", and separators at either end are dropped. A generated
// passphrase is unchanged by it.
func NormalizePassphrase(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	var b strings.Builder
	sep := false
	for _, r := range s {
		if unicode.IsSpace(r) || strings.ContainsRune(passSeparators, r) {
			sep = b.Len() > 0
			continue
		}
		if sep {
			b.WriteByte('-')
			sep = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// hepburn spells hiragana in (modified) Hepburn, lowercase ASCII: し shi,
// ち chi, つ tsu, ふ fu, じ/ぢ ji, づ zu, ゃゅょ combinations, っ doubling
// the next consonant (tch before ch), ん n. It refuses (false) what could
// be typed two ways: long vowels (ou, uu, oo, ei), ん before a vowel or y
// (n'), ー, and anything but hiragana.
func hepburn(kana string) (string, bool) {
	rs := []rune(kana)
	var b strings.Builder
	double := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == 'っ' {
			if double || i == len(rs)-1 {
				return "", false
			}
			double = true
			continue
		}
		if r == 'ん' {
			if double {
				return "", false
			}
			b.WriteByte('n')
			continue
		}
		syl, ok := kanaSyllable[r]
		if !ok {
			return "", false
		}
		if i+1 < len(rs) {
			if y, ok := smallY[rs[i+1]]; ok {
				base, ok := yoonBase(syl)
				if !ok {
					return "", false
				}
				syl = base + y
				i++
			}
		}
		if double {
			switch {
			case strings.HasPrefix(syl, "ch"):
				b.WriteByte('t')
			case strings.IndexByte("aiueo", syl[0]) >= 0 || syl[0] == 'n':
				return "", false
			default:
				b.WriteByte(syl[0])
			}
			double = false
		}
		b.WriteString(syl)
	}
	s := b.String()
	for _, amb := range []string{"ou", "uu", "oo", "ei"} {
		if strings.Contains(s, amb) {
			return "", false
		}
	}
	// ん before a vowel or y reads two ways (kin'en / kinen).
	for i, r := range rs {
		if r == 'ん' && i+1 < len(rs) {
			if n, ok := kanaSyllable[rs[i+1]]; ok && (strings.IndexByte("aiueoy", n[0]) >= 0) {
				return "", false
			}
		}
	}
	if len(s) < 3 || len(s) > 8 {
		return "", false
	}
	return s, true
}

// yoonBase is the consonant part a small ゃゅょ joins: き→ky, し→sh, ち→ch,
// じ→j, and so on.
func yoonBase(syl string) (string, bool) {
	switch syl {
	case "shi":
		return "sh", true
	case "chi":
		return "ch", true
	case "ji":
		return "j", true
	case "ki", "gi", "ni", "hi", "bi", "pi", "mi", "ri":
		return syl[:1] + "y", true
	}
	return "", false
}

var smallY = map[rune]string{'ゃ': "a", 'ゅ': "u", 'ょ': "o"}

var kanaSyllable = map[rune]string{
	'あ': "a", 'い': "i", 'う': "u", 'え': "e", 'お': "o",
	'か': "ka", 'き': "ki", 'く': "ku", 'け': "ke", 'こ': "ko",
	'が': "ga", 'ぎ': "gi", 'ぐ': "gu", 'げ': "ge", 'ご': "go",
	'さ': "sa", 'し': "shi", 'す': "su", 'せ': "se", 'そ': "so",
	'ざ': "za", 'じ': "ji", 'ず': "zu", 'ぜ': "ze", 'ぞ': "zo",
	'た': "ta", 'ち': "chi", 'つ': "tsu", 'て': "te", 'と': "to",
	'だ': "da", 'ぢ': "ji", 'づ': "zu", 'で': "de", 'ど': "do",
	'な': "na", 'に': "ni", 'ぬ': "nu", 'ね': "ne", 'の': "no",
	'は': "ha", 'ひ': "hi", 'ふ': "fu", 'へ': "he", 'ほ': "ho",
	'ば': "ba", 'び': "bi", 'ぶ': "bu", 'べ': "be", 'ぼ': "bo",
	'ぱ': "pa", 'ぴ': "pi", 'ぷ': "pu", 'ぺ': "pe", 'ぽ': "po",
	'ま': "ma", 'み': "mi", 'む': "mu", 'め': "me", 'も': "mo",
	'や': "ya", 'ゆ': "yu", 'よ': "yo",
	'ら': "ra", 'り': "ri", 'る': "ru", 'れ': "re", 'ろ': "ro",
	'わ': "wa", 'を': "o",
}
