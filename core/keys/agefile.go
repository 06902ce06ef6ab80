package keys

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
)

// encrypt returns plaintext as a binary age file to recipients.
func encrypt(plaintext []byte, recipients ...age.Recipient) ([]byte, error) {
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, recipients...)
	if err != nil {
		return nil, fmt.Errorf("keys: %v", err)
	}
	if _, err := w.Write(plaintext); err != nil {
		return nil, fmt.Errorf("keys: %v", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("keys: %v", err)
	}
	return buf.Bytes(), nil
}

// decrypt opens the age file sealed with ids and returns its plaintext,
// which must be at most limit bytes. When no identity matches, it returns
// noMatch's result; every other failure is ErrCorrupt. age's error texts
// name header fields and lengths, never key material, so they are kept as
// %v detail.
func decrypt(sealed []byte, limit int, noMatch func(*age.NoIdentityMatchError) error, ids ...age.Identity) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(sealed), ids...)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) {
			return nil, noMatch(nm)
		}
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	pt, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		clear(pt)
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if len(pt) > limit {
		clear(pt)
		return nil, fmt.Errorf("%w: plaintext longer than %d bytes", ErrCorrupt, limit)
	}
	return pt, nil
}

// notRecipient is the noMatch result for files sealed to X25519 recipients.
func notRecipient(nm *age.NoIdentityMatchError) error {
	return fmt.Errorf("%w: %w", ErrNotRecipient, nm)
}
