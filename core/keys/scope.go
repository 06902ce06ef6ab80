package keys

import (
	"errors"
	"fmt"
	"slices"
	"sync/atomic"

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

// Unwrapper unwraps many scope keys with one user's identities, as a login
// on a PC whose key cache is empty does for every scope the user is in.
// age tries a file's stanzas in order, one X25519 exchange each, and the
// vault wraps a scope key to the recovery key and every member: a member
// pays on average for half the stanzas of every file. The scope keys of
// one office are wrapped to mostly the same recipients in the same order,
// so the Unwrapper tries first the stanza position that matched last
// (then every other, as age does): usually one exchange per file. The key
// it returns is the one UnwrapScopeKey returns; a file with a malformed
// stanza before the user's may open where age refuses it (the header's MAC
// is checked either way). It is safe for concurrent use.
type Unwrapper struct {
	ids  []age.Identity
	hint atomic.Int32 // stanza position that matched last
}

// NewUnwrapper returns an Unwrapper for ids (nil entries are dropped).
func NewUnwrapper(ids ...age.Identity) *Unwrapper {
	u := &Unwrapper{}
	for _, id := range ids {
		if id != nil {
			u.ids = append(u.ids, hinted{id: id, hint: &u.hint})
		}
	}
	return u
}

// Unwrap is UnwrapScopeKey(wrapped, ids...).
func (u *Unwrapper) Unwrap(wrapped []byte) (seal.Key, error) {
	return UnwrapScopeKey(wrapped, u.ids...)
}

// hinted is an identity that tries the stanza at *hint first.
type hinted struct {
	id   age.Identity
	hint *atomic.Int32
}

func (h hinted) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	first := int(h.hint.Load())
	if first < len(stanzas) {
		k, err := h.id.Unwrap(stanzas[first : first+1])
		if !errors.Is(err, age.ErrIncorrectIdentity) {
			return k, err
		}
	}
	for i := range stanzas {
		if i == first {
			continue
		}
		k, err := h.id.Unwrap(stanzas[i : i+1])
		if errors.Is(err, age.ErrIncorrectIdentity) {
			continue
		}
		if err == nil {
			h.hint.Store(int32(i))
		}
		return k, err
	}
	return nil, age.ErrIncorrectIdentity
}
