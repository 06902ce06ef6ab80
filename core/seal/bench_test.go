package seal_test

import (
	"crypto/ed25519"
	"testing"

	"github.com/kinko-jp/kinko/core/seal"
)

// recordSize is the size of a typical sealed client record.
const recordSize = 512

func BenchmarkSeal512(b *testing.B) {
	k := newKey(b)
	pt := make([]byte, recordSize)
	b.SetBytes(recordSize)
	for b.Loop() {
		if _, err := seal.Seal(k, testAD, pt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen512(b *testing.B) {
	k := newKey(b)
	sealed, err := seal.Seal(k, testAD, make([]byte, recordSize))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(recordSize)
	for b.Loop() {
		if _, err := seal.Open(k, testAD, sealed); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		b.Fatal(err)
	}
	msg := make([]byte, 256)
	sig := seal.Sign(priv, testDomain, msg)
	for b.Loop() {
		if err := seal.Verify(pub, testDomain, msg, sig); err != nil {
			b.Fatal(err)
		}
	}
}
