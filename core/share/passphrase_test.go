package share

import (
	"math"
	"strings"
	"testing"
)

func TestWordList(t *testing.T) {
	ws := passWords()
	if len(ws) < 2048 {
		t.Fatalf("%d words, want at least 2048 (11 bits a word)", len(ws))
	}
	romaji, kana := map[string]bool{}, map[string]bool{}
	for _, w := range ws {
		if romaji[w.romaji] || kana[w.kana] {
			t.Errorf("duplicate word %s (%s)", w.romaji, w.kana)
		}
		romaji[w.romaji], kana[w.kana] = true, true
		if len(w.romaji) < 3 || len(w.romaji) > 8 {
			t.Errorf("%s: %d letters", w.romaji, len(w.romaji))
		}
		for _, c := range w.romaji {
			if c < 'a' || c > 'z' {
				t.Errorf("%s: not lowercase ASCII", w.romaji)
			}
		}
		if NormalizePassphrase(w.romaji) != w.romaji {
			t.Errorf("%s changes under NormalizePassphrase", w.romaji)
		}
		for _, r := range w.kana {
			if r < 'ぁ' || r > 'ゖ' {
				t.Errorf("%s: not hiragana", w.kana)
			}
		}
	}
	n := PassphraseWords()
	bits := float64(n) * math.Log2(float64(len(ws)))
	if bits < PassphraseBits {
		t.Fatalf("%d words of %d: %.1f bits", n, len(ws), bits)
	}
	if n != 6 {
		t.Errorf("PassphraseWords = %d, want 6 with a list of %d", n, len(ws))
	}
	t.Logf("%d words, %d a passphrase: %.1f bits", len(ws), n, bits)
}

func TestHepburn(t *testing.T) {
	for kana, want := range map[string]string{
		"しゃしん": "shashin", "きって": "kitte", "まっちゃ": "matcha", "ちず": "chizu",
		"つくえ": "tsukue", "ふね": "fune", "じゃり": "jari", "ちぢみ": "chijimi",
		"きんぎょ": "kingyo", "りょかん": "ryokan", "かなづち": "kanazuchi", "さんぽ": "sanpo",
	} {
		if got, ok := hepburn(kana); got != want && !(len(want) > 8 && !ok) {
			t.Errorf("hepburn(%s) = %q, %v; want %q", kana, got, ok, want)
		}
	}
	// Readable two ways, or not a word of the list's kind: refused.
	for _, kana := range []string{"こうえん", "ゆうき", "おおかみ", "せんせい", "きんよう", "かんい", "らーめん", "カメラ", "いぬっ", "ほんや", "き"} {
		if got, ok := hepburn(kana); ok {
			t.Errorf("hepburn(%s) = %q accepted", kana, got)
		}
	}
}

func TestNewPassphrase(t *testing.T) {
	seen := map[string]bool{}
	words := map[string]bool{}
	for range 200 {
		p := NewPassphrase()
		parts := strings.Split(p.Text, "-")
		if len(parts) != PassphraseWords() || len(p.Kana) != len(parts) {
			t.Fatalf("passphrase of %d words, %d kana", len(parts), len(p.Kana))
		}
		if NormalizePassphrase(p.Text) != p.Text {
			t.Fatal("a generated passphrase changes under NormalizePassphrase")
		}
		for i, w := range parts {
			if r, _ := hepburn(p.Kana[i]); r != w {
				t.Fatalf("kana %d does not read as its word", i)
			}
			words[w] = true
		}
		if seen[p.Text] {
			t.Fatal("the same passphrase twice")
		}
		seen[p.Text] = true
	}
	// 1200 draws from 2048+ words: a uniform choice gives about 900
	// different words; a broken one (a few words, or one half) far fewer.
	if len(words) < 700 {
		t.Errorf("only %d different words in 1200 draws", len(words))
	}
}

func TestNormalizePassphrase(t *testing.T) {
	const want = "sakura-mikan-tokei"
	for _, in := range []string{
		"sakura-mikan-tokei",
		"  SAKURA mikan\ttokei\n",
		"ｓａｋｕｒａ－ｍｉｋａｎ－ｔｏｋｅｉ",
		"sakura　mikan　tokei",
		"sakura‐mikan−tokei",
		"sakura・mikan･tokei",
		"sakura_mikan,tokei",
		"sakura - - mikan__tokei-",
		"-sakura, mikan, tokei.",
	} {
		got := NormalizePassphrase(in)
		if in == "-sakura, mikan, tokei." {
			if got != want+"." {
				t.Errorf("%q → %q", in, got)
			}
			continue
		}
		if got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}
