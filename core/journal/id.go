package journal

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
)

// idEncoding is lowercase RFC 4648 base32 without padding: 10 random bytes
// become 16 characters of a-z and 2-7, safe as a file name on every OS and
// case-insensitive file system.
var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

const idLen = 16

// NewDeviceID returns a new random device id (80 bits). The vault package
// calls it once per installation and keeps the result in the local replica;
// the device then writes only under journal/<device-id>/. The only error is a
// failure of the system's random source.
func NewDeviceID() (string, error) { return newID() }

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

// ValidDeviceID reports whether s has the shape NewDeviceID produces: 16
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
