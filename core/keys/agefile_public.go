package keys

import "filippo.io/age"

// Seal returns plaintext as a binary age file to recipients: a standard
// file the stock age tool opens (the backup repository password).
func Seal(plaintext []byte, recipients ...age.Recipient) ([]byte, error) {
	return encrypt(plaintext, recipients...)
}

// Open decrypts an age file with ids; its plaintext must be at most limit
// bytes. Errors: ErrNotRecipient (wrapped) when no identity matches,
// ErrCorrupt otherwise.
func Open(sealed []byte, limit int, ids ...age.Identity) ([]byte, error) {
	return decrypt(sealed, limit, notRecipient, ids...)
}
