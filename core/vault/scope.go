package vault

import (
	"fmt"

	"filippo.io/age"
	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/journal"
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
		if sealed := cache.Get(join(s.user, scope, string(be32(epoch)), ref.Op)); sealed != nil {
			if plain, err := seal.Open(&s.cacheKey, ad, sealed); err == nil && len(plain) == 32 {
				out = appendKey(out, seal.Key(plain))
				continue
			}
		}
		if ks, ok := s.openedBatch(ref.Op); ok {
			if ref.Slot < len(ks) {
				out = appendKey(out, ks[ref.Slot])
			}
			continue
		}
		op, err := v.opByID(tx, ref.Op)
		if err != nil {
			return nil, err
		}
		if op.Kind == KindScopeKeys {
			// One age file for many scopes: opened once per session.
			ks, err := v.batchKeys(op)
			if err != nil || ref.Slot >= len(ks) {
				continue // no stanza for us, or not a key for this slot
			}
			out = appendKey(out, ks[ref.Slot])
			continue
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
		if err := v.storeCachedKey(tx, scope, epoch, ref.Op, k); err != nil {
			return nil, err
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

// storeCachedKey stores k, the key of the scope.key op opID for scope and epoch,
// in the replica's key cache sealed under the session's cache key (now in
// a write transaction, else with the next persistCache).
func (v *Vault) storeCachedKey(tx *bolt.Tx, scope string, epoch uint32, opID string, k seal.Key) error {
	s := v.sess
	ad := seal.AD{Vault: v.id, Kind: "keycache", ID: s.user, Scope: scope, Epoch: epoch, Version: opID}
	ck := join(s.user, scope, string(be32(epoch)), opID)
	sealed, err := seal.Seal(&s.cacheKey, ad, k[:])
	if err != nil {
		return err
	}
	if tx.Writable() {
		return tx.Bucket(bKeyCache).Put(ck, sealed)
	}
	s.pending = append(s.pending, [2][]byte{ck, sealed})
	return nil
}

// keepNewKey puts k, which this session just published for scope and
// epoch in the op opID, among the session's keys and in the key cache, so
// that sealing under it needs no unwrap of the age file just made. The
// session's list for an epoch holds every key of it: when the epoch has
// other wraps the session has not opened yet, the list is left to
// scopeKeys to build.
func (v *Vault) keepNewKey(tx *bolt.Tx, scope string, epoch uint32, opID string, k seal.Key) error {
	s := v.sess
	if s == nil || s.scope == nil {
		return nil
	}
	if s.cacheKey != (seal.Key{}) { // not the founder's session inside Create
		if err := v.storeCachedKey(tx, scope, epoch, opID, k); err != nil {
			return err
		}
	}
	if ks, ok := s.scope[scope][epoch]; ok {
		s.scope[scope][epoch] = appendKey(ks, k)
		return nil
	}
	for _, ref := range v.r.keys[scope] {
		if ref.Epoch == epoch && ref.Op != opID {
			return nil
		}
	}
	if s.scope[scope] == nil {
		s.scope[scope] = map[uint32][]seal.Key{}
	}
	s.scope[scope][epoch] = []seal.Key{k}
	return nil
}

// batchPrefix marks, among the session's scope keys, the keys of a
// scope.keys op by its op id (slot 0 holds them in order): opened once per
// session, and wiped with the others.
const batchPrefix = "\x00scope.keys/"

// openedBatch returns the keys of the scope.keys op id when the session
// has opened its age file already (ok; nil keys when it holds no stanza
// for the user): a batch of 1,024 clients' first keys is then not decoded
// again for each of them.
func (s *session) openedBatch(id string) ([]seal.Key, bool) {
	ks, ok := s.scope[batchPrefix+id][0]
	return ks, ok
}

// batchKeys opens a scope.keys op's age file with the user's identities,
// once per session.
func (v *Vault) batchKeys(op *journal.Op) ([]seal.Key, error) {
	s := v.sess
	name := batchPrefix + op.ID()
	if ks, ok := s.scope[name][0]; ok {
		if ks == nil {
			return nil, ErrNoAccess
		}
		return ks, nil
	}
	rec, err := decode[scopeKeysRecord](op.Payload)
	if err != nil {
		return nil, err
	}
	ks, err := keys.UnwrapScopeKeys(rec.Wrapped, len(rec.Keys), s.keys.Identities()...)
	s.scope[name] = map[uint32][]seal.Key{0: ks}
	if err != nil {
		return nil, ErrNoAccess
	}
	return ks, nil
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
	recipients, err := v.recipientsOf(r, st, scope)
	if err != nil {
		return nil, err
	}
	return keys.WrapScopeKey(k, recipients...)
}

// wrapKeysFor wraps ks, keys of scopes with the members of scope, together
// in one age file to those members plus the recovery key.
func (v *Vault) wrapKeysFor(r *roster, st *access.State, scope string, ks []seal.Key) ([]byte, error) {
	recipients, err := v.recipientsOf(r, st, scope)
	if err != nil {
		return nil, err
	}
	return keys.WrapScopeKeys(ks, recipients...)
}

// recipientsOf returns the recovery key and the members of scope in st as
// age recipients.
func (v *Vault) recipientsOf(r *roster, st *access.State, scope string) ([]age.Recipient, error) {
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
	return recipients, nil
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
