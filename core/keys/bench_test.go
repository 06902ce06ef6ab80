package keys_test

import (
	"testing"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/keys"
)

// BenchmarkUnwrapScopeKey measures unlocking one scope: a file wrapped to
// five users and the recovery key, opened by the last user. Unlock does this
// once per scope the user belongs to.
func BenchmarkUnwrapScopeKey(b *testing.B) {
	rec := newRecovery(b)
	rs := []age.Recipient{rec.Recipient()}
	var last *keys.User
	for range 5 {
		last = newUser(b)
		rs = append(rs, last.Enc.Recipient())
	}
	w := wrap(b, newScopeKey(b), rs...)
	for b.Loop() {
		if _, err := keys.UnwrapScopeKey(w, last.Enc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenUser measures OpenUser at the default scrypt work factor 18:
// this is the login cost a person waits for after typing their password
// (and what an attacker pays per guess). It uses about 256 MiB per call.
func BenchmarkOpenUser(b *testing.B) {
	pw := []byte("benchmark password")
	sealed, err := keys.SealUser(newUser(b), pw, nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := keys.OpenUser(sealed, pw); err != nil {
			b.Fatal(err)
		}
	}
}
