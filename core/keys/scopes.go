package keys

import (
	"errors"
	"fmt"
	"slices"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/seal"
)

// MaxScopeKeys bounds the keys of one WrapScopeKeys file.
const MaxScopeKeys = 4096

// WrapScopeKeys encrypts several scope keys, whose scopes have the same
// members, as one binary age file to recipients: the keys' 32 bytes each,
// concatenated in order. A batch that creates many clients wraps their
// first keys this way, one X25519 wrap per recipient for all of them. The
// errors are WrapScopeKey's, and one for no keys or more than
// MaxScopeKeys.
func WrapScopeKeys(ks []seal.Key, recipients ...age.Recipient) ([]byte, error) {
	if len(ks) == 0 || len(ks) > MaxScopeKeys {
		return nil, errors.New("keys: wrong number of scope keys")
	}
	if len(recipients) == 0 {
		return nil, errors.New("keys: no recipients for scope key")
	}
	if slices.Contains(recipients, nil) {
		return nil, errors.New("keys: nil recipient for scope key")
	}
	plain := make([]byte, 0, len(ks)*len(seal.Key{}))
	for _, k := range ks {
		if k == (seal.Key{}) {
			return nil, errors.New("keys: zero scope key")
		}
		plain = append(plain, k[:]...)
	}
	defer clear(plain)
	return encrypt(plain, recipients...)
}

// UnwrapScopeKeys opens a file made by WrapScopeKeys holding n keys with
// the first of ids that has a stanza in it. Errors as UnwrapScopeKey's:
// ErrNotRecipient when none of ids is a recipient, ErrCorrupt for a
// malformed file or one that does not hold exactly n keys.
func UnwrapScopeKeys(wrapped []byte, n int, ids ...age.Identity) ([]seal.Key, error) {
	if n <= 0 || n > MaxScopeKeys {
		return nil, fmt.Errorf("%w: %d scope keys", ErrCorrupt, n)
	}
	ids = slices.DeleteFunc(slices.Clone(ids), func(id age.Identity) bool { return id == nil })
	if len(ids) == 0 {
		return nil, fmt.Errorf("%w: no identities", ErrNotRecipient)
	}
	size := len(seal.Key{})
	pt, err := decrypt(wrapped, n*size, notRecipient, ids...)
	if err != nil {
		return nil, err
	}
	defer clear(pt)
	if len(pt) != n*size {
		return nil, fmt.Errorf("%w: %d bytes of scope keys, want %d", ErrCorrupt, len(pt), n*size)
	}
	out := make([]seal.Key, n)
	for i := range out {
		copy(out[i][:], pt[i*size:])
		if out[i] == (seal.Key{}) {
			return nil, fmt.Errorf("%w: zero scope key", ErrCorrupt)
		}
	}
	return out, nil
}
