package keys

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"

	"filippo.io/age"
)

// User is one person's secret keys: an age X25519 identity (to receive scope
// keys) and an Ed25519 signing key (to sign journal ops). Both are secrets:
// never log a User or put any part of it in an error. Users are made by
// NewUser, OpenUser and OpenUserWith.
type User struct {
	Enc  *age.X25519Identity
	Sign ed25519.PrivateKey
	// Previous are the identities the user had before password changes,
	// newest first: scope keys of earlier epochs were wrapped to them. A
	// password change makes new keys, so a file sealed under an old
	// password opens only the keys of that time, never the current ones.
	Previous []*age.X25519Identity
}

// Identities returns the user's current identity followed by the previous
// ones, for unwrapping scope keys of any epoch the user was given.
func (u *User) Identities() []age.Identity {
	ids := []age.Identity{u.Enc}
	for _, p := range u.Previous {
		ids = append(ids, p)
	}
	return ids
}

// NewUser generates a user's keys from crypto/rand. The user management
// service calls it when an administrator adds a person. It fails only if the
// system random source fails.
func NewUser() (*User, error) {
	enc, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, fmt.Errorf("keys: generating x25519 identity: %v", err)
	}
	_, sign, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("keys: generating ed25519 key: %v", err)
	}
	return &User{Enc: enc, Sign: sign}, nil
}

// check reports whether u is complete and its signing key consistent, so
// that nothing half-built is ever sealed. The error holds no key material.
func (u *User) check() error {
	if u == nil || u.Enc == nil || len(u.Sign) != ed25519.PrivateKeySize {
		return errors.New("keys: incomplete user")
	}
	if !ed25519.NewKeyFromSeed(u.Sign.Seed()).Equal(u.Sign) {
		return errors.New("keys: inconsistent ed25519 key")
	}
	return nil
}

// Public returns the user's public keys for the roster. It panics if u is
// not a complete User (a programming error).
func (u *User) Public() UserPublic {
	if err := u.check(); err != nil {
		panic(err.Error())
	}
	pub := u.Sign.Public().(ed25519.PublicKey)
	return UserPublic{
		Recipient: u.Enc.Recipient().String(),
		SignKey:   append([]byte(nil), pub...),
	}
}

// UserPublic is what the roster publishes for a user. Its JSON field names
// are a stored format: keep them.
type UserPublic struct {
	// Recipient is the user's age X25519 recipient, "age1...".
	Recipient string `json:"recipient"`
	// SignKey is the 32-byte Ed25519 public key (base64 in JSON).
	SignKey []byte `json:"signKey"`
}

// AgeRecipient parses the user's age recipient, to which scope keys are
// wrapped (WrapScopeKey). It returns ErrBadPublicKey (wrapped) when the
// roster entry is malformed.
func (p UserPublic) AgeRecipient() (*age.X25519Recipient, error) {
	r, err := age.ParseX25519Recipient(p.Recipient)
	if err != nil {
		// age's message quotes the input; if a secret key was pasted into
		// the roster by mistake it must not reach a log, so it is dropped.
		return nil, fmt.Errorf("%w: recipient is not an age x25519 public key", ErrBadPublicKey)
	}
	return r, nil
}

// VerifyKey returns the user's Ed25519 public key, with which the journal
// checks the user's operations (seal.Verify). It returns ErrBadPublicKey
// (wrapped) unless SignKey is exactly 32 bytes. The result is a copy.
func (p UserPublic) VerifyKey() (ed25519.PublicKey, error) {
	if len(p.SignKey) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: sign key is %d bytes, want %d", ErrBadPublicKey, len(p.SignKey), ed25519.PublicKeySize)
	}
	return append(ed25519.PublicKey(nil), p.SignKey...), nil
}

// Fingerprint returns a short, human-checkable fingerprint of p for the user
// management screen, so that two PCs can compare a roster entry by eye: the
// first 10 bytes of SHA-256 over the recipient string followed by the sign
// key, in base32 (RFC 4648, uppercase), as four groups of 4 characters joined
// by "-", for example "K3QF-7ZPA-M2XD-4WUE". It is a stable format: the
// same key must always show the same fingerprint. It does not validate p.
func Fingerprint(p UserPublic) string {
	h := sha256.New()
	h.Write([]byte(p.Recipient))
	h.Write(p.SignKey)
	s := base32.StdEncoding.EncodeToString(h.Sum(nil)[:10]) // 80 bits: 16 chars, no padding
	return strings.Join(chunk(s, 4), "-")
}

// chunk splits s into pieces of n bytes; the last may be shorter.
func chunk(s string, n int) []string {
	var out []string
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	return append(out, s)
}
