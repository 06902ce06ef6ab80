package keys_test

import (
	"crypto/ed25519"
	"testing"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/keys"
)

// Fixture keys. They are public test values, never used outside tests.
const (
	fixtureX25519    = "AGE-SECRET-KEY-16NXGYPK3TFKDCDCVM4VELW0MFM6VX389XDSASPZW5QFF2DDTZ94Q2VWHHN"
	fixtureRecipient = "age1v5xkylxcwlqvjs9aexepy2nuyjt340nhf2y7nn4yrzd642673plqk3lqf4"
	fixtureRecovery  = "AGE-SECRET-KEY-1GCG6S4Q7S0CGS7W7YM7XL6RF7QUDKXW6J7D2S3MGEEP5DV8KW0KSCY72U7"
)

// testOptions makes scrypt fast in tests (explicitly, per call).
var testOptions = &keys.Options{WorkFactor: 10}

// fixtureUser is a deterministic user: fixtureX25519 and the Ed25519 seed
// 0x00..0x1f.
func fixtureUser(t testing.TB) *keys.User {
	t.Helper()
	enc, err := age.ParseX25519Identity(fixtureX25519)
	if err != nil {
		t.Fatal("fixture x25519 identity does not parse")
	}
	seed := make([]byte, ed25519.SeedSize)
	for i := range seed {
		seed[i] = byte(i)
	}
	return &keys.User{Enc: enc, Sign: ed25519.NewKeyFromSeed(seed)}
}

func newUser(t testing.TB) *keys.User {
	t.Helper()
	u, err := keys.NewUser()
	if err != nil {
		t.Fatalf("NewUser: %v", err)
	}
	return u
}

func newRecovery(t testing.TB) *keys.Recovery {
	t.Helper()
	r, err := keys.NewRecovery()
	if err != nil {
		t.Fatalf("NewRecovery: %v", err)
	}
	return r
}

// sameUser compares two users without ever printing their keys.
func sameUser(a, b *keys.User) bool {
	return a.Enc.String() == b.Enc.String() && a.Sign.Equal(b.Sign)
}
