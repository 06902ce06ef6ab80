package journal

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
)

// idEncoding is lowercase RFC 4648 base32 without padding: 10 random bytes
// become 16 characters of a-z and 2-7, safe as a file name on every OS and
// case-insensitive file system.
var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

const idLen = 16

// NewDeviceKey returns a new device key (an Ed25519 key pair) and the
// device id it derives (DeviceID). The vault package calls it once per
// installation (vault create and join) and keeps the key in the local
// replica, never in the vault folder; the device then writes only under
// journal/<device-id>/, and every segment it writes is signed with the key
// (Segment.Sign). The only error is a failure of the system's random
// source.
func NewDeviceKey() (ed25519.PrivateKey, string, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, "", fmt.Errorf("journal: device key: %w", err)
	}
	return priv, DeviceID(pub), nil
}

// deviceIDDomain separates device id hashes from every other hash Kinko
// makes (the vault id's is "kinko/vault-id/v1").
const deviceIDDomain = "kinko/device-id/v1\x00"

// DeviceID returns the device id a device public key derives: lowercase
// base32 (no padding) of the first 10 bytes of SHA-256("kinko/device-id/v1"
// 0x00 || pub). Because the id is the key's hash, a segment in
// journal/<device-id>/ proves whose it is by its key and signature, and
// nobody can claim another PC's device id with a key of their own. It
// returns "" for a key that is not 32 bytes.
func DeviceID(pub ed25519.PublicKey) string {
	if len(pub) != ed25519.PublicKeySize {
		return ""
	}
	h := sha256.New()
	h.Write([]byte(deviceIDDomain))
	h.Write(pub)
	return idEncoding.EncodeToString(h.Sum(nil)[:10])
}

// NewVaultID returns a new random vault id, with the same shape as a device
// id. Vault creation calls it once and stores it in kinko-vault.json and in
// every segment header.
func NewVaultID() (string, error) { return newID() }

func newID() (string, error) {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("journal: random id: %w", err)
	}
	return idEncoding.EncodeToString(b[:]), nil
}

// ValidDeviceID reports whether s has the shape DeviceID produces: 16
// characters of lowercase base32 (a-z, 2-7). Folder methods refuse any other
// device id, so an id can never name a path outside journal/. Vault ids have
// the same shape and are checked with the same rule.
func ValidDeviceID(s string) bool {
	if len(s) != idLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '2' <= c && c <= '7') {
			return false
		}
	}
	return true
}
