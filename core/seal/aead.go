package seal

import (
	"crypto/rand"
	"errors"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// formatV1 is the first byte of every sealed blob: XChaCha20-Poly1305 with a
// random 24-byte nonce and AD.Bytes as associated data.
const formatV1 = 0x01

const (
	nonceSize = chacha20poly1305.NonceSizeX
	overhead  = 1 + nonceSize + chacha20poly1305.Overhead
)

// Overhead returns the number of bytes Seal adds to a plaintext (format byte,
// nonce and tag: 1+24+16 = 41). Storage code uses it to size buffers and to
// reject blobs that are too short before reading further.
func Overhead() int { return overhead }

// Seal encrypts plaintext under k, bound to ad, and returns
// 0x01 | 24-byte random nonce | ciphertext+tag. The vault store calls it for
// every record it writes; the caller must hold the scope key. Random nonces
// are safe for XChaCha20's 192-bit nonce however many records one key seals.
//
// Seal returns an error (never containing key or plaintext) if k is nil or
// the zero Key, or if the system random source fails. It does not modify
// plaintext.
func Seal(k *Key, ad AD, plaintext []byte) ([]byte, error) {
	if k == nil {
		return nil, errors.New("seal: nil key")
	}
	if k.isZero() {
		return nil, errors.New("seal: zero key")
	}
	aead, err := chacha20poly1305.NewX(k[:])
	if err != nil { // unreachable: a Key always has the right size
		return nil, fmt.Errorf("seal: %v", err)
	}
	out := make([]byte, 1+nonceSize, overhead+len(plaintext))
	out[0] = formatV1
	nonce := out[1 : 1+nonceSize]
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("seal: reading random nonce: %v", err)
	}
	return aead.Seal(out, nonce, plaintext, ad.Bytes()), nil
}

// Open authenticates and decrypts a blob made by Seal with the same key and
// AD, returning a new plaintext slice (empty, not nil, for an empty record).
// The vault store calls it for every record it reads.
//
// Any failure returns exactly ErrOpen: nil or zero key, wrong key, wrong AD,
// any changed byte, truncation or extension, an unknown format byte. Open
// never panics on untrusted input and never returns partial plaintext.
func Open(k *Key, ad AD, sealed []byte) ([]byte, error) {
	if k.isZero() || len(sealed) < overhead || sealed[0] != formatV1 {
		return nil, ErrOpen
	}
	aead, err := chacha20poly1305.NewX(k[:])
	if err != nil { // unreachable
		return nil, ErrOpen
	}
	nonce, ct := sealed[1:1+nonceSize], sealed[1+nonceSize:]
	pt, err := aead.Open(nil, nonce, ct, ad.Bytes())
	if err != nil {
		return nil, ErrOpen
	}
	if pt == nil {
		pt = []byte{}
	}
	return pt, nil
}
