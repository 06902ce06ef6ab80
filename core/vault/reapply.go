package vault

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/access"
	"github.com/kinko-jp/kinko/core/journal"
)

// Held changes (docs/vault-format.md §7.2 rule 4). A record edit written
// concurrently with a revocation that refuses it is quarantined as
// "concurrent" and never applied, in any arrival order; so is an edit
// refused outright ("denied"). Its content may still be work the office
// wants: a 責任者 reads it (HeldChange) and, if they agree with it, writes
// it again under their own name (Reapply) — a new version on top of the
// record's current heads, sealed under the current key. The held op itself
// stays quarantined: nothing of a revoked user's ever takes effect as theirs.

// HeldChange is a held record edit as a 責任者 sees it.
type HeldChange struct {
	Op     string `json:"op"`
	Target string `json:"target"` // "client/<id>", "person/<client>/<person>", …
	Author string `json:"author"` // user id
	Device string `json:"device"`
	Time   int64  `json:"time"`   // unix ms: the author's claim
	Reason string `json:"reason"` // ReasonConcurrent or ReasonDenied
	// Open reports whether the logged-in user may read and re-apply it.
	Open bool `json:"open"`
	// Data is the plaintext it would have written; only HeldChange fills it.
	Data []byte `json:"data,omitempty"`
}

// reapplicable reports whether a quarantine reason is one a 責任者 may
// re-apply: the author's rights refused it, not its signature or shape.
func reapplicable(reason string) bool {
	return reason == ReasonConcurrent || reason == ReasonDenied
}

// HeldChanges lists the held record edits (record.put quarantined as
// concurrent or denied), oldest claimed time first, without their content:
// who, when, which record, why. For 責任者 (access.ManageUsers) only.
// Errors: ErrLocked, access errors.
func (v *Vault) HeldChanges() ([]HeldChange, error) {
	var out []HeldChange
	err := v.locked(func() error {
		if err := v.decide(access.ManageUsers, "", ""); err != nil {
			return err
		}
		defer v.persistCache()
		return v.db.View(func(tx *bolt.Tx) error {
			c := tx.Bucket(bQuarantine).Cursor()
			for k, reason := c.First(); k != nil; k, reason = c.Next() {
				if !reapplicable(string(reason)) {
					continue
				}
				op, err := v.heldOp(tx, string(k))
				if err != nil {
					continue // not a record edit
				}
				h := heldOf(op, string(reason))
				h.Open = v.mayReapply(tx, op) == nil
				out = append(out, h)
			}
			return nil
		})
	})
	slices.SortFunc(out, func(a, b HeldChange) int {
		return cmp.Or(cmp.Compare(a.Time, b.Time), strings.Compare(a.Op, b.Op))
	})
	return out, err
}

// HeldChange opens the held record edit op: what it would have written,
// by whom, when and why it is held. Reading it is reading the record, so
// it needs what editing the record needs now (client edit, My Number edit,
// or 責任者 for office records) on top of being a 責任者
// (access.ManageUsers), and a key of the scope and epoch it was sealed
// under. Errors: ErrLocked, access errors, ErrNotFound (no such held op),
// ErrInvalidOp (not a record.put held as concurrent or denied),
// ErrNoAccess.
func (v *Vault) HeldChange(op string) (*HeldChange, error) {
	var out *HeldChange
	err := v.locked(func() error {
		if err := v.decide(access.ManageUsers, "", ""); err != nil {
			return err
		}
		defer v.persistCache()
		return v.db.View(func(tx *bolt.Tx) error {
			h, data, err := v.openHeld(tx, op)
			if err != nil {
				return err
			}
			h.Data, h.Open = data, true
			out = &h
			return nil
		})
	})
	return out, err
}

// Reapply writes the content of the held record edit op as a new version
// of its record under the logged-in 責任者's own name, sealed under the
// scope's current key, with the record's current heads as parents: it
// never silently replaces a later edit (an edit concurrent with it on
// another PC makes a conflict). The held op stays quarantined. It returns
// the new version's id. Errors: as HeldChange.
func (v *Vault) Reapply(op string) (string, error) {
	var id string
	err := v.locked(func() error {
		if err := v.decide(access.ManageUsers, "", ""); err != nil {
			return err
		}
		return v.update(func(tx *bolt.Tx) error {
			h, data, err := v.openHeld(tx, op)
			if err != nil {
				return err
			}
			heads := splitIDs(tx.Bucket(bHeads).Get([]byte(h.Target)))
			put, err := v.sealedOp(tx, KindRecordPut, h.Target, heads, data)
			if err != nil {
				return err
			}
			id = put.ID()
			return nil
		})
	})
	return id, err
}

// openHeld finds the held edit id, checks the session may re-apply it, and
// opens its content.
func (v *Vault) openHeld(tx *bolt.Tx, id string) (HeldChange, []byte, error) {
	reason := tx.Bucket(bQuarantine).Get([]byte(id))
	if reason == nil {
		return HeldChange{}, nil, fmt.Errorf("%w: held op", ErrNotFound)
	}
	if !reapplicable(string(reason)) {
		return HeldChange{}, nil, fmt.Errorf("%w: not held for its author's rights", ErrInvalidOp)
	}
	op, err := v.heldOp(tx, id)
	if err != nil {
		return HeldChange{}, nil, err
	}
	if err := v.mayReapply(tx, op); err != nil {
		return HeldChange{}, nil, err
	}
	ver, err := v.open(tx, op)
	if err != nil {
		return HeldChange{}, nil, err
	}
	return heldOf(op, string(reason)), ver.Data, nil
}

// heldOp reads a quarantined op that is a record edit whose scope is the
// one its target lives in (a hostile op may name another: it is then
// opened under no key of the target's scope, and re-applied nowhere).
func (v *Vault) heldOp(tx *bolt.Tx, id string) (*journal.Op, error) {
	op, err := v.opByID(tx, id)
	if err != nil {
		return nil, err
	}
	if op.Kind != KindRecordPut || len(op.Payload) == 0 {
		return nil, fmt.Errorf("%w: not a record edit", ErrInvalidOp)
	}
	if _, _, scope, _, err := recordScope(op.Target); err != nil || scope != op.Scope {
		return nil, fmt.Errorf("%w: target", ErrInvalidOp)
	}
	return op, nil
}

// mayReapply is the right to read and re-write a held edit of op's record:
// the right to edit that record now, the right to read it, and a key of
// the epoch op was sealed under (the caller has checked ManageUsers).
func (v *Vault) mayReapply(tx *bolt.Tx, op *journal.Op) error {
	kind, _, _, client, err := recordScope(op.Target)
	if err != nil {
		return err
	}
	if err := v.mayWrite(kind, client); err != nil {
		return err
	}
	if err := v.mayRead(op.Target); err != nil {
		return err
	}
	_, err = v.scopeKeys(tx, op.Scope, op.Epoch)
	return err
}

func heldOf(op *journal.Op, reason string) HeldChange {
	return HeldChange{Op: op.ID(), Target: op.Target, Author: op.Author, Device: op.Device, Time: op.Time.Wall, Reason: reason}
}
