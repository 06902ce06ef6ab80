package vault

import (
	"fmt"

	"filippo.io/age"
	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/keys"
	"github.com/kinko-jp/kinko/core/seal"
)

// scopeKeys returns every key the session holds for scope and epoch
// (normally one; two after concurrent rotations). It looks in memory, then
// in the replica's key cache, then unwraps the scope.key ops with the
// user's identity and caches the result. ErrNoAccess when the user has no
// stanza in any of them: the separation is cryptographic.
func (v *Vault) scopeKeys(tx *bolt.Tx, scope string, epoch uint32) ([]seal.Key, error) {
	s := v.sess
	if s == nil {
		return nil, ErrLocked
	}
	if ks, ok := s.scope[scope][epoch]; ok {
		if len(ks) == 0 {
			return nil, ErrNoAccess
		}
		return ks, nil
	}
	var out []seal.Key
	cache := tx.Bucket(bKeyCache)
	for _, ref := range v.r.keys[scope] {
		if ref.Epoch != epoch {
			continue
		}
		ad := seal.AD{Vault: v.id, Kind: "keycache", ID: s.user, Scope: scope, Epoch: epoch, Version: ref.Op}
		ck := join(s.user, scope, string(be32(epoch)), ref.Op)
		if sealed := cache.Get(ck); sealed != nil {
			if plain, err := seal.Open(&s.cacheKey, ad, sealed); err == nil && len(plain) == 32 {
				out = appendKey(out, seal.Key(plain))
				continue
			}
		}
		op, err := v.opByID(tx, ref.Op)
		if err != nil {
			return nil, err
		}
		rec, err := decode[scopeKeyRecord](op.Payload)
		if err != nil {
			return nil, err
		}
		k, err := s.unwrapper().Unwrap(rec.Wrapped)
		if err != nil {
			continue // no stanza for us in this wrap
		}
		out = appendKey(out, k)
		sealed, err := seal.Seal(&s.cacheKey, ad, k[:])
		if err != nil {
			return nil, err
		}
		if tx.Writable() {
			if err := cache.Put(ck, sealed); err != nil {
				return nil, err
			}
		} else {
			s.pending = append(s.pending, [2][]byte{ck, sealed})
		}
	}
	if s.scope[scope] == nil {
		s.scope[scope] = map[uint32][]seal.Key{}
	}
	s.scope[scope][epoch] = out
	if len(out) == 0 {
		return nil, ErrNoAccess
	}
	return out, nil
}

func appendKey(ks []seal.Key, k seal.Key) []seal.Key {
	for _, have := range ks {
		if have == k {
			return ks
		}
	}
	return append(ks, k)
}

// currentKey returns the epoch and key new versions of scope are sealed
// with.
func (v *Vault) currentKey(tx *bolt.Tx, scope string) (uint32, seal.Key, error) {
	ref, ok := v.r.current(scope)
	if !ok {
		return 0, seal.Key{}, fmt.Errorf("%w: scope has no key", ErrNotFound)
	}
	ks, err := v.scopeKeys(tx, scope, ref.Epoch)
	if err != nil {
		return 0, seal.Key{}, err
	}
	// With two keys for one epoch (concurrent rotations), the last is that
	// of the newest wrap: refs are sorted by position.
	return ref.Epoch, ks[len(ks)-1], nil
}

// writeKey returns the epoch and key new data of scope is sealed with. A
// scope without a key gets its first (a client's My Number key, made by
// the first handler who stores a number); a scope whose key a removed
// member received is rotated first, and its records re-sealed, so no new
// data is ever sealed under a key a removed person held. Both need the
// session's user to be a member of the scope (checkScopeKey), else the
// access error is returned and nothing is sealed.
func (v *Vault) writeKey(tx *bolt.Tx, scope string) (uint32, seal.Key, error) {
	ref, has := v.r.current(scope)
	if !has || v.r.rotationDue(scope) {
		epoch, oldErr := uint32(1), error(nil)
		if has {
			epoch = ref.Epoch + 1
			_, oldErr = v.scopeKeys(tx, scope, ref.Epoch)
		}
		if err := v.newScopeKey(tx, v.r, v.r.st, scope, epoch); err != nil {
			return 0, seal.Key{}, err
		}
		if has && oldErr == nil {
			if err := v.reseal(tx, scope); err != nil {
				return 0, seal.Key{}, err
			}
		}
	}
	return v.currentKey(tx, scope)
}

// wrapFor wraps k to the members of scope in state st plus the recovery key.
func (v *Vault) wrapFor(r *roster, st *access.State, scope string, k seal.Key) ([]byte, error) {
	rec, err := v.recoveryRecipient()
	if err != nil {
		return nil, err
	}
	recipients := []age.Recipient{rec}
	for _, id := range access.Members(st, scope) {
		u := r.users[id]
		if u == nil {
			continue
		}
		ar, err := u.Public.AgeRecipient()
		if err != nil {
			return nil, fmt.Errorf("%w: user key", ErrCorruptReplica)
		}
		recipients = append(recipients, ar)
	}
	return keys.WrapScopeKey(k, recipients...)
}

// persistCache writes the scope keys unwrapped during read transactions to
// the replica's key cache, so the next login needs no unwrap for them.
func (v *Vault) persistCache() {
	s := v.sess
	if s == nil || len(s.pending) == 0 {
		return
	}
	pending := s.pending
	s.pending = nil
	v.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bKeyCache)
		for _, kv := range pending {
			if err := b.Put(kv[0], kv[1]); err != nil {
				return err
			}
		}
		return nil
	})
}
