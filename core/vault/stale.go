package vault

import (
	"bytes"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
)

// Stale-epoch writes. A PC that has not yet seen a rotation (a member
// removed from a scope) keeps sealing under the key the removed member
// holds. Nothing the writer can do about it; so the first PC that imports
// such a version, with a user logged in who holds the scope's current key
// and may edit the record, writes it again under the current key, and
// Status counts it so the window can say so (the removed member may have
// read that version meanwhile, if they had the vault folder).

// resealStale re-seals each record among targets whose content head was
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
		for target := range targets {
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
				if op.Epoch < ref.Epoch {
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
			if _, err := v.sealedOp(tx, KindRecordPut, target, heads, head.Data); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
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
