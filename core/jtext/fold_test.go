package jtext_test

import (
	"testing"

	"github.com/kinko-jp/kinko/core/jtext"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"half-width katakana with dakuten", "ﾔﾏﾀﾞ", "ヤマダ"},
		{"hiragana", "やまだ", "ヤマダ"},
		{"katakana", "ヤマダ", "ヤマダ"},
		{"half-width handakuten", "ﾊﾟﾝ", "パン"},
		{"hiragana iteration marks", "ゝゞ", "ヽヾ"},
		{"small kana and vu", "ぁゔゖ", "ァヴヶ"},
		{"ideographic space", "山田　太郎", "山田太郎"},
		{"ascii spaces tabs newlines", " 山田 \t太郎\r\n", "山田太郎"},
		{"full-width digits and dash", "０３－１２３４－５６７８", "03-1234-5678"},
		{"full-width letters lowercased", "ＡＢＣ　ｄｅｆ", "abcdef"},
		{"ascii uppercase", "Yamada Taro", "yamadataro"},
		{"hyphen variants", "a‐b‑c‒d–e—f―g−h﹣i", "a-b-c-d-e-f-g-h-i"},
		{"long vowel mark kept", "ラーメン", "ラーメン"},
		{"half-width long vowel", "ﾗｰﾒﾝ", "ラーメン"},
		{"hiragana long vowel", "らーめん", "ラーメン"},
		{"wave dash", "1〜3", "1~3"},
		{"full-width tilde", "1～3", "1~3"},
		{"variant takahashi", "髙橋", "高橋"},
		{"variant saki compat", "山\uFA11", "山崎"},
		{"variant saki", "宮嵜", "宮崎"},
		{"variant watanabe 1", "渡邊", "渡辺"},
		{"variant watanabe 2", "渡邉", "渡辺"},
		{"variant hama", "濵田濱口", "浜田浜口"},
		{"variant saito", "齋藤", "斎藤"},
		{"saito common form stays", "斎藤", "斎藤"},
		{"sei stays distinct", "齊藤", "斉藤"},
		{"variant sawa", "澤田", "沢田"},
		{"variant sakura", "櫻井", "桜井"},
		{"variant hiro", "廣田", "広田"},
		{"variant kuni", "國分", "国分"},
		{"variant kura", "大藏", "大蔵"},
		{"variant toku", "德永", "徳永"},
		{"variant ma", "眞鍋", "真鍋"},
		{"variant tomi", "冨田", "富田"},
		{"variant maki", "槇原", "槙原"},
		{"variant se", "瀨戸", "瀬戸"},
		{"variant yoshi", "𠮷田", "吉田"},
		{"katakana dakuten sign", "か゛", "ガ"},
		{"circled digit", "①", "1"},
		{"parenthesized kabushiki", "㈱山田", "(株)山田"},
		{"zero-width space", "山\u200b田", "山田"},
		{"invalid utf-8", "a\xffb", "a\uFFFDb"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := jtext.Fold(tt.in)
			if got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := jtext.Fold(got); again != got {
				t.Errorf("Fold not idempotent: Fold(%q) = %q", got, again)
			}
		})
	}
}

func TestFoldEquivalent(t *testing.T) {
	groups := [][]string{
		{"ﾔﾏﾀﾞ", "やまだ", "ヤマダ", "ﾔ ﾏ ﾀ ﾞ"},
		{"髙橋", "高橋", " 高 橋 "},
		{"渡邊", "渡邉", "渡辺"},
		{"0312345678", "０３１２３４５６７８"},
	}
	for _, g := range groups {
		t.Run(g[0], func(t *testing.T) {
			want := jtext.Fold(g[0])
			for _, s := range g[1:] {
				if got := jtext.Fold(s); got != want {
					t.Errorf("Fold(%q) = %q, want %q (as Fold(%q))", s, got, want, g[0])
				}
			}
		})
	}
}

func TestContains(t *testing.T) {
	key := jtext.Fold("髙橋 一郎 ﾀｶﾊｼ ｲﾁﾛｳ ０３－１２３４－５６７８")
	tests := []struct {
		name  string
		query string
		want  bool
	}{
		{"kanji common form", "高橋", true},
		{"hiragana reading", "たかはし", true},
		{"phone with ascii dash", "1234-5678", true},
		{"spaces in query ignored", "一 郎", true},
		{"empty query", "", true},
		{"absent", "鈴木", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := jtext.Contains(key, tt.query); got != tt.want {
				t.Errorf("Contains(%q, %q) = %v, want %v", key, tt.query, got, tt.want)
			}
		})
	}
}
