package keys

import (
	"errors"
	"fmt"
	"slices"

	"filippo.io/age"

	"github.com/kinko-jp/kinko/core/seal"
)

// WrapScopeKey encrypts the scope key k as a binary age file to recipients:
// the users allowed in the scope plus the recovery key. The scope service
// calls it when a scope is created, a user is granted access, or a
// revocation starts a new epoch. It returns an error if there are no
// recipients, one is nil, age refuses the mix (for example a scrypt
// recipient with others), or k is the zero key.
func WrapScopeKey(k seal.Key, recipients ...age.Recipient) ([]byte, error) {
	if len(recipients) == 0 {
		return nil, errors.New("keys: no recipients for scope key")
	}
	if slices.Contains(recipients, nil) {
		return nil, errors.New("keys: nil recipient for scope key")
	}
	if k == (seal.Key{}) {
		return nil, errors.New("keys: zero scope key")
	}
	return encrypt(k[:], recipients...)
}

// UnwrapScopeKey decrypts a file made by WrapScopeKey with the first of ids
// that has a stanza in it. The vault calls it at unlock for every scope the
// user belongs to (and with the recovery identity on restore).
//
// It returns ErrNotRecipient (wrapped together with age's
// *age.NoIdentityMatchError, itself wrapping age.ErrIncorrectIdentity) when
// none of ids is a recipient, so the user is not in the scope, and
// ErrCorrupt (wrapped) for malformed or modified files and for plaintexts
// that are not exactly 32 bytes.
func UnwrapScopeKey(wrapped []byte, ids ...age.Identity) (seal.Key, error) {
	ids = slices.DeleteFunc(slices.Clone(ids), func(id age.Identity) bool { return id == nil })
	if len(ids) == 0 {
		return seal.Key{}, fmt.Errorf("%w: no identities", ErrNotRecipient)
	}
	pt, err := decrypt(wrapped, len(seal.Key{}), notRecipient, ids...)
	if err != nil {
		return seal.Key{}, err
	}
	defer clear(pt)
	var k seal.Key
	if len(pt) != len(k) {
		return seal.Key{}, fmt.Errorf("%w: scope key is %d bytes, want %d", ErrCorrupt, len(pt), len(k))
	}
	copy(k[:], pt)
	return k, nil
}
