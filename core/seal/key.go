package seal

import (
	"crypto/rand"
	"fmt"
)

// Key is a 32-byte XChaCha20-Poly1305 key: a scope key for one scope epoch.
// It is a secret: never log it, never put it in an error. The zero Key is
// rejected by Seal and never opens anything, so a key that was never set
// cannot silently protect data.
type Key [32]byte

// NewKey returns a fresh random key from crypto/rand. core/keys calls it when
// a scope is created or a new epoch starts (revocation). It fails only if the
// system random source fails.
func NewKey() (Key, error) {
	var k Key
	if _, err := rand.Read(k[:]); err != nil {
		return Key{}, fmt.Errorf("seal: reading random key: %v", err)
	}
	return k, nil
}

// isZero reports whether k is nil or all zero bytes.
func (k *Key) isZero() bool {
	return k == nil || *k == Key{}
}
