package seal_test

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/seal"
)

const testDomain = "kinko/journal/op/v1"

func TestSignVerify(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatalf("GenerateKey: %v", err)
	}
	otherPub, _, _ := ed25519.GenerateKey(nil)
	msg := []byte("grant client:42 to user 3")
	sig := seal.Sign(priv, testDomain, msg)
	if len(sig) != ed25519.SignatureSize {
		t.Fatalf("len(sig) = %d", len(sig))
	}
	flipped := bytes.Clone(sig)
	flipped[10] ^= 1

	tests := []struct {
		name   string
		pub    ed25519.PublicKey
		domain string
		msg    []byte
		sig    []byte
		want   error
	}{
		{"valid", pub, testDomain, msg, sig, nil},
		{"wrong domain", pub, "kinko/share/v1", msg, sig, seal.ErrBadSignature},
		{"domain prefix", pub, testDomain[:len(testDomain)-1], msg, sig, seal.ErrBadSignature},
		{"empty domain", pub, "", msg, sig, seal.ErrBadSignature},
		{"long domain", pub, strings.Repeat("d", 256), msg, sig, seal.ErrBadSignature},
		{"wrong message", pub, testDomain, []byte("grant client:43 to user 3"), sig, seal.ErrBadSignature},
		{"empty message", pub, testDomain, nil, sig, seal.ErrBadSignature},
		{"wrong key", otherPub, testDomain, msg, sig, seal.ErrBadSignature},
		{"flipped signature", pub, testDomain, msg, flipped, seal.ErrBadSignature},
		{"short signature", pub, testDomain, msg, sig[:63], seal.ErrBadSignature},
		{"long signature", pub, testDomain, msg, append(bytes.Clone(sig), 0), seal.ErrBadSignature},
		{"nil signature", pub, testDomain, msg, nil, seal.ErrBadSignature},
		{"short key", pub[:31], testDomain, msg, sig, seal.ErrBadSignature},
		{"nil key", nil, testDomain, msg, sig, seal.ErrBadSignature},
		{"private key as public", ed25519.PublicKey(priv), testDomain, msg, sig, seal.ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := seal.Verify(tt.pub, tt.domain, tt.msg, tt.sig); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestSignIsNotPlainEd25519 checks that the domain really separates: a
// seal signature is not a plain Ed25519 signature and vice versa.
func TestSignIsNotPlainEd25519(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	msg := []byte("m")
	if ed25519.Verify(pub, msg, seal.Sign(priv, testDomain, msg)) {
		t.Fatal("Ed25519ctx signature verified as plain Ed25519")
	}
	if seal.Verify(pub, testDomain, msg, ed25519.Sign(priv, msg)) == nil {
		t.Fatal("plain Ed25519 signature verified under a domain")
	}
}

func TestSignPanicsOnMisuse(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(nil)
	tests := []struct {
		name   string
		priv   ed25519.PrivateKey
		domain string
	}{
		{"empty domain", priv, ""},
		{"long domain", priv, strings.Repeat("d", 256)},
		{"short key", priv[:32], testDomain},
		{"nil key", nil, testDomain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatal("Sign did not panic")
				}
				msg, _ := r.(string)
				if !strings.HasPrefix(msg, "seal: ") {
					t.Fatalf("panic value is not a seal message")
				}
			}()
			seal.Sign(tt.priv, tt.domain, []byte("m"))
		})
	}
}
