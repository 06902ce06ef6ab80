package vault

import (
	"bytes"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/journal"
)

// Stale-epoch writes. A PC that has not yet seen a rotation (a member
// removed from a scope) keeps sealing under the key the removed member
// holds. Nothing the writer can do about it; so the first PC that imports
// such a version, with a user logged in who holds the scope's current key
// and may edit the record, writes it again under the current key, and
// Status counts it so the window can say so (the removed member may have
// read that version meanwhile, if they had the vault folder).

// Rebind is how the package that defines a kind of record tells the vault
// which blobs its content references: it returns data with every BlobRef
// in it replaced by what swap returns for it (swap returns refs it leaves
// alone unchanged). A stale-epoch re-seal of such a record seals its blobs
// again too, so a number stored on a PC that had not seen a handler's
// removal ends up, like the record, under the current key.
type Rebind func(data []byte, swap func(BlobRef) (BlobRef, error)) ([]byte, error)

var rebinders sync.Map // record kind → Rebind

// RegisterBlobs registers how records of kind (the target's first element,
// e.g. "mynumber") reference blobs. Call it from an init function.
func RegisterBlobs(kind string, f Rebind) { rebinders.Store(kind, f) }

// resealStale re-seals each record among targets (record targets, and
// scopes: each of their records) whose content head was
// sealed under an older epoch than its scope's current one (also when a
// rotation's own re-seal of the record made it a conflict: staleHead). It
// runs with v.mu held, after an import, and returns how many it re-sealed.
// Records the session may not edit, or whose keys it lacks, are left for
// someone who can; a conflict of two edits is the user's to resolve. The
// common case — nothing stale — costs a read transaction, no write.
func (v *Vault) resealStale(targets map[string]bool) (int, error) {
	if v.sess == nil || len(targets) == 0 {
		return 0, nil
	}
	var stale []string
	err := v.db.View(func(tx *bolt.Tx) error {
		// A new key of a scope makes its records written here, unseen by
		// whoever rotated, candidates too.
		all := map[string]bool{}
		for target := range targets {
			if _, _, _, _, err := recordScope(target); err != nil {
				for _, t := range scopeTargets(tx, target) {
					all[t] = true
				}
				continue
			}
			all[target] = true
		}
		for target := range all {
			_, _, scope, _, err := recordScope(target)
			ref, ok := v.r.current(scope)
			if err != nil || !ok {
				continue
			}
			for _, id := range splitIDs(tx.Bucket(bHeads).Get([]byte(target))) {
				op, err := v.opByID(tx, id)
				if err != nil {
					return err
				}
				if op.Epoch < ref.Epoch && v.writtenBlind(tx, op) {
					stale = append(stale, target)
					break
				}
			}
		}
		return nil
	})
	if err != nil || len(stale) == 0 {
		return 0, err
	}
	slices.Sort(stale)
	n := 0
	err = v.update(func(tx *bolt.Tx) error {
		for _, target := range stale {
			kind, _, scope, client, _ := recordScope(target)
			ref, _ := v.r.current(scope)
			heads := splitIDs(tx.Bucket(bHeads).Get([]byte(target)))
			if v.mayWrite(kind, client) != nil {
				continue
			}
			if _, err := v.scopeKeys(tx, scope, ref.Epoch); err != nil {
				continue // not a holder of the current key
			}
			head, stale, err := v.staleHead(tx, heads, ref.Epoch)
			if err != nil {
				return err
			}
			if head == nil || !stale && len(heads) == 1 {
				continue
			}
			data, ok := v.rebindStale(tx, kind, target, head.Data, ref.Epoch)
			if !ok {
				continue // a blob this PC cannot reach yet: left for a later import
			}
			if _, err := v.sealedOp(tx, KindRecordPut, target, heads, data); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// writtenBlind reports whether op, a version sealed under an epoch before
// its scope's current one, was written without seeing a newer key: some
// key of the scope at a later epoch is not causally after it. A version
// the author of every newer key had seen is not stale: a rotation that
// removed someone re-sealed it then, and one that only changed keys (a
// password change, a new recovery key) leaves earlier versions as they are.
func (v *Vault) writtenBlind(tx *bolt.Tx, op *journal.Op) bool {
	for _, k := range v.r.keys[op.Scope] {
		if k.Epoch <= op.Epoch {
			continue
		}
		kop, err := v.opByID(tx, k.Op)
		if err != nil || !journal.Before(op, kop) {
			return true
		}
	}
	return false
}

// rebindStale seals again, under the scope's current key, every blob that
// data (a record of kind) references and that was sealed under an epoch
// before current, and returns data referencing the new blobs. ok is false
// when a blob could not be read (the vault folder is unavailable, the file
// is missing or damaged): the record is then left as it is. The old blob
// stays where it is — history still names it, and only the number's 廃棄
// erases a blob — but the current version no longer depends on it.
func (v *Vault) rebindStale(tx *bolt.Tx, kind, target string, data []byte, current uint32) ([]byte, bool) {
	f, has := rebinders.Load(kind)
	if !has {
		return data, true
	}
	out, err := f.(Rebind)(data, func(ref BlobRef) (BlobRef, error) {
		if ref.Epoch >= current || !ref.BelongsTo(target) || tx.Bucket(bErased).Get([]byte(ref.ID)) != nil {
			return ref, nil
		}
		sealed, fetched := tx.Bucket(bBlobs).Get([]byte(ref.ID)), false
		if len(sealed) == 0 {
			if v.folder == nil {
				return ref, journal.ErrUnavailable
			}
			var err error
			if sealed, err = v.folder.ReadBlob(ref.ID); err != nil {
				return ref, err
			}
			fetched = true
		}
		plain, err := v.openBlob(tx, ref, sealed)
		if err != nil {
			return ref, err
		}
		defer clear(plain)
		if fetched {
			if err := tx.Bucket(bBlobs).Put([]byte(ref.ID), sealed); err != nil {
				return ref, err
			}
		}
		return v.putBlob(tx, target, ref.Scope, plain)
	})
	return out, err == nil
}

// staleHead opens a record's heads and returns the one that carries its
// content, and whether it was sealed under an epoch before current. With
// several heads it finds the content only when every other head is a
// re-seal (the same data as its single parent: what a rotation writes),
// the conflict a rotation racing an edit on a PC that had not seen it
// leaves; otherwise the conflict is the user's to resolve, and head is nil.
func (v *Vault) staleHead(tx *bolt.Tx, heads []string, current uint32) (*Version, bool, error) {
	var content *Version
	stale := false
	for _, id := range heads {
		op, err := v.opByID(tx, id)
		if err != nil {
			return nil, false, err
		}
		if op.Kind != KindRecordPut {
			return nil, false, nil
		}
		ver, err := v.open(tx, op)
		if err != nil {
			return nil, false, nil // a key this session lacks
		}
		if len(heads) > 1 && len(op.Parents) == 1 {
			if p, err := v.opByID(tx, op.Parents[0]); err == nil && p.Kind == KindRecordPut {
				if pv, err := v.open(tx, p); err == nil && bytes.Equal(pv.Data, ver.Data) {
					continue // a re-seal
				}
			}
		}
		if content != nil {
			return nil, false, nil // two edits: a real conflict
		}
		content, stale = &ver, op.Epoch < current
	}
	if content != nil && len(heads) > 1 {
		stale = true // the conflict goes too
	}
	return content, stale, nil
}

// mayWrite is the right a version of a record of kind needs.
func (v *Vault) mayWrite(kind, client string) error {
	switch kind {
	case "mynumber":
		return v.decide(access.MyNumberEdit, client, "")
	case "office":
		return v.decide(access.ManageUsers, "", "")
	}
	return v.decide(access.ClientEdit, client, "")
}
