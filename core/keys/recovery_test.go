package keys_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/keys"
)

// fullWidth converts printable ASCII to its full-width form, as a Japanese
// IME produces it (space becomes U+3000).
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ':
			return '\u3000'
		case r > ' ' && r <= '~':
			return r + 0xFEE0
		}
		return r
	}, s)
}

func TestRecoveryGroups(t *testing.T) {
	for _, rec := range []*keys.Recovery{newRecovery(t), newRecovery(t)} {
		s := rec.String()
		if !strings.HasPrefix(s, "AGE-SECRET-KEY-1") || s != strings.ToUpper(s) {
			t.Fatal("String is not an uppercase age secret key")
		}
		g := rec.Groups()
		if len(g) != 12 || len(g[11]) != 3 {
			t.Fatalf("Groups: %d groups, want 11 of 5 and one of 3", len(g))
		}
		for _, x := range g[:11] {
			if len(x) != 5 || x != strings.ToUpper(x) {
				t.Fatal("Groups: a group is not 5 uppercase characters")
			}
		}
		if "AGE-SECRET-KEY-1"+strings.Join(g, "") != s {
			t.Fatal("Groups do not spell String")
		}
	}
}

func TestParseRecovery(t *testing.T) {
	rec, err := keys.ParseRecovery(fixtureRecovery)
	if err != nil {
		t.Fatalf("ParseRecovery(fixture): %v", err)
	}
	want := rec.Recipient().String()
	g := rec.Groups()
	tests := []struct {
		name  string
		input string
	}{
		{"String", rec.String()},
		{"lowercase", strings.ToLower(rec.String())},
		{"groups with spaces", strings.Join(g, " ")},
		{"groups with hyphens", strings.Join(g, "-")},
		{"groups with newlines", strings.Join(g[:6], " ") + "\r\n" + strings.Join(g[6:], " ") + "\n"},
		{"groups lowercased", strings.ToLower(strings.Join(g, " "))},
		{"groups run together", strings.Join(g, "")},
		{"prefix and groups", "AGE-SECRET-KEY-1 " + strings.Join(g, " ")},
		{"prefix without 1", "AGE-SECRET-KEY-" + strings.Join(g, "-")},
		{"full-width String", fullWidth(rec.String())},
		{"full-width groups", fullWidth(strings.Join(g, " "))},
		{"full-width lowercase groups with hyphens", fullWidth(strings.ToLower(strings.Join(g, "-")))},
		{"katakana long vowel mark as hyphen", strings.Join(g, "ー")},
		{"half-width katakana long vowel mark", strings.Join(g, "ｰ")},
		{"unicode dashes", strings.Join(g, "\u2010") + "\u2212"},
		{"tabs and padding", "\t  " + strings.Join(g, "\t") + "  \n"},
		{"zero-width space", strings.Join(g, "\u200b")},
		{"mixed case", strings.ToLower(g[0]) + strings.Join(g[1:], "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := keys.ParseRecovery(tt.input)
			if err != nil {
				t.Fatalf("ParseRecovery: %v", err)
			}
			if got.Recipient().String() != want || got.String() != rec.String() {
				t.Fatal("ParseRecovery returned a different key")
			}
		})
	}
}

func TestParseRecoveryRoundTrip(t *testing.T) {
	for range 20 {
		rec := newRecovery(t)
		for _, s := range []string{rec.String(), strings.Join(rec.Groups(), " "), strings.Join(rec.Groups(), "-")} {
			got, err := keys.ParseRecovery(s)
			if err != nil || got.String() != rec.String() {
				t.Fatalf("round trip failed: %v", err)
			}
		}
	}
}

func TestParseRecoveryBad(t *testing.T) {
	rec, _ := keys.ParseRecovery(fixtureRecovery)
	g := rec.Groups()
	data := strings.Join(g, "")
	swapped := []byte(data)
	swapped[7], swapped[8] = swapped[8], swapped[7]
	changed := []byte(data)
	changed[20] = map[bool]byte{true: 'Q', false: 'P'}[changed[20] != 'Q']
	tests := []struct {
		name  string
		input string
	}{
		{"empty", ""},
		{"only spaces", "   \n"},
		{"only prefix", "AGE-SECRET-KEY-1"},
		{"word", "password"},
		{"one character changed", string(changed)},
		{"two characters swapped", string(swapped)},
		{"one character dropped", data[:30] + data[31:]},
		{"one character added", data[:30] + "Q" + data[30:]},
		{"last group missing", strings.Join(g[:11], " ")},
		{"letter O for zero", strings.Replace(data, "0", "O", 1)},
		{"letter B", "B" + data[1:]},
		{"public key", rec.Recipient().String()},
		{"kanji", "鍵" + data},
		{"other user's age key", fixtureX25519[:20] + data[4:]},
		{"key twice", data + data},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := keys.ParseRecovery(tt.input)
			if r != nil || !errors.Is(err, keys.ErrBadRecoveryKey) {
				t.Fatalf("ParseRecovery error = %v, want ErrBadRecoveryKey", err)
			}
			msg := err.Error()
			if in := strings.TrimSpace(tt.input); in != "" && strings.Contains(msg, in) {
				t.Fatal("error message echoes the input")
			}
			for _, grp := range g {
				if strings.Contains(strings.ToUpper(msg), grp[:3]) {
					t.Fatal("error message contains part of a key")
				}
			}
		})
	}
}
