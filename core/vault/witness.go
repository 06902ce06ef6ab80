package vault

import (
	"encoding/json"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/audit"
)

// Witnesses returns the newest signed checkpoint this replica has seen of
// every device, this one's included, as far as the vault folder holds it
// (this device's ops still in its outbox are not vouched for): what a
// backup stores so that VerifyLogWith can later tell a log cut short in
// the folder, even in an office with a single PC. Needs no login: the
// checkpoints are public.
func (v *Vault) Witnesses() ([]audit.Witness, error) {
	var out []audit.Witness
	err := v.db.View(func(tx *bolt.Tx) error {
		written := u64(tx.Bucket(bMeta).Get([]byte(mSeq)))
		if k, _ := tx.Bucket(bOutbox).Cursor().First(); k != nil {
			written = u64(k) - 1
		}
		return tx.Bucket(bWitness).ForEach(func(k, val []byte) error {
			var w audit.Witness
			if err := json.Unmarshal(val, &w); err != nil {
				return ErrCorruptReplica
			}
			if string(k) == v.device && w.Seq > written {
				return nil
			}
			out = append(out, w)
			return nil
		})
	})
	slices.SortFunc(out, func(a, b audit.Witness) int { return strings.Compare(a.Device, b.Device) })
	return out, err
}

// Checkpoint signs this device's chain now, if it wrote anything since
// its last checkpoint, so that a witness taken next covers it. Needs a
// login (ErrLocked).
func (v *Vault) Checkpoint() error {
	return v.locked(func() error {
		v.flushLogLocked()
		return v.update(func(tx *bolt.Tx) error {
			if u64(tx.Bucket(bMeta).Get([]byte(mSinceCP))) == 0 {
				return nil
			}
			return v.checkpoint(tx, audit.ReasonInterval)
		})
	})
}
