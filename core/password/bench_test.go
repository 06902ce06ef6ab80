package password_test

import (
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/password"
)

// BenchmarkCheck: the check runs on every keystroke in the frontend's copy,
// so the slowest inputs (long repeats) should stay in milliseconds.
func BenchmarkCheck(b *testing.B) {
	for _, tc := range []struct{ name, pw string }{
		{"typical", "kinko-e2e-pass-1"},
		{"common", "password1234"},
		{"long-random", "mI7#kQ2$vXmI7#kQ2$vX-Wq9!zP4&hL0rT6^bN1%yU8*eC3@oS5(gJ2)dF7_kM9+xV4=aZ6~"},
		{"long-repeat", strings.Repeat("a", 200)},
		{"long-words", strings.Repeat("password", 16)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			pw := []byte(tc.pw)
			for b.Loop() {
				password.Check(pw, "yamada", "山田 太郎", "山田税理士事務所")
			}
		})
	}
}
