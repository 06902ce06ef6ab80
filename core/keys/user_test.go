package keys_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"testing"

	"github.com/kinko-jp/kinko/core/keys"
)

func TestNewUser(t *testing.T) {
	a, b := newUser(t), newUser(t)
	if a.Enc == nil || len(a.Sign) != ed25519.PrivateKeySize {
		t.Fatal("NewUser returned an incomplete user")
	}
	if sameUser(a, b) {
		t.Fatal("two NewUser calls returned the same keys")
	}
	p := a.Public()
	r, err := p.AgeRecipient()
	if err != nil || r.String() != a.Enc.Recipient().String() {
		t.Fatalf("AgeRecipient: %v", err)
	}
	vk, err := p.VerifyKey()
	if err != nil || !vk.Equal(a.Sign.Public()) {
		t.Fatalf("VerifyKey: %v", err)
	}
}

// TestUserPublicJSON pins the roster's stored format.
func TestUserPublicJSON(t *testing.T) {
	const golden = `{"recipient":"` + fixtureRecipient + `","signKey":"A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="}`
	p := fixtureUser(t).Public()
	got, err := json.Marshal(p)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	if string(got) != golden {
		t.Fatalf("json = %s\nwant   %s", got, golden)
	}
	var back keys.UserPublic
	if err := json.Unmarshal([]byte(golden), &back); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	if back.Recipient != p.Recipient || !bytes.Equal(back.SignKey, p.SignKey) {
		t.Fatalf("round trip = %+v, want %+v", back, p)
	}
}

// TestFingerprintVector pins Fingerprint; the expected value was computed
// independently (Python hashlib/base64) from the fixture's public keys.
func TestFingerprintVector(t *testing.T) {
	p := fixtureUser(t).Public()
	tests := []struct {
		name string
		p    keys.UserPublic
		want string
	}{
		{"fixture", p, "6KA2-4V2V-QUNE-UQLJ"},
		{"fake recipient", keys.UserPublic{Recipient: "age1xyz", SignKey: p.SignKey}, "K24P-QORL-NTIU-ODDM"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := keys.Fingerprint(tt.p); got != tt.want {
				t.Fatalf("Fingerprint = %q, want %q", got, tt.want)
			}
		})
	}
	if keys.Fingerprint(newUser(t).Public()) == keys.Fingerprint(p) {
		t.Fatal("different users have the same fingerprint")
	}
}

func TestUserPublicBadKeys(t *testing.T) {
	good := fixtureUser(t).Public()
	tests := []struct {
		name      string
		p         keys.UserPublic
		recipient bool // AgeRecipient should fail
		verify    bool // VerifyKey should fail
	}{
		{"empty", keys.UserPublic{}, true, true},
		{"secret key as recipient", keys.UserPublic{Recipient: fixtureX25519, SignKey: good.SignKey}, true, false},
		{"bad checksum", keys.UserPublic{Recipient: good.Recipient[:len(good.Recipient)-1] + "q", SignKey: good.SignKey}, true, false},
		{"short sign key", keys.UserPublic{Recipient: good.Recipient, SignKey: good.SignKey[:31]}, false, true},
		{"long sign key", keys.UserPublic{Recipient: good.Recipient, SignKey: append(bytes.Clone(good.SignKey), 0)}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.p.AgeRecipient()
			if tt.recipient != (err != nil) || (err != nil && !errors.Is(err, keys.ErrBadPublicKey)) {
				t.Fatalf("AgeRecipient error = %v, want failure %v with ErrBadPublicKey", err, tt.recipient)
			}
			if err != nil && bytes.Contains([]byte(err.Error()), []byte(fixtureX25519)) {
				t.Fatal("AgeRecipient error contains a secret key")
			}
			_, err = tt.p.VerifyKey()
			if tt.verify != (err != nil) || (err != nil && !errors.Is(err, keys.ErrBadPublicKey)) {
				t.Fatalf("VerifyKey error = %v, want failure %v with ErrBadPublicKey", err, tt.verify)
			}
		})
	}
}

func TestVerifyKeyIsACopy(t *testing.T) {
	p := fixtureUser(t).Public()
	vk, _ := p.VerifyKey()
	vk[0] ^= 0xFF
	if vk2, _ := p.VerifyKey(); vk2.Equal(vk) {
		t.Fatal("VerifyKey returned the roster's own slice")
	}
}
