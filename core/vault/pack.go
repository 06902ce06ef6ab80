package vault

import (
	"errors"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/journal"
)

// Packing this PC's small segments (journal/pack.go, docs/scale-sync.md §3):
// after a flush, once more than packEvery segments were written since the
// last pack, the segments after it up to the one before the newest are
// packed into one file, provided each is still the file this PC wrote (its
// hash as recorded in ownsegs). The packed files are removed once the pack
// is packGrace old, longer than any sync reading them takes; a reader that
// finds one gone reads it from the pack. Packing is best effort: a failure
// leaves the files as they are and the sync goes on.

const mPacked = "packed" // meta: the last segment number this device packed

var (
	packEvery = 64
	packGrace = 24 * time.Hour
)

var errNotOwn = errors.New("vault: segment is not the one this PC wrote")

// packOwn packs and removes this device's segments as described above.
func (v *Vault) packOwn() {
	var newest, packed uint64
	v.db.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bMeta)
		newest, packed = u64(m.Get([]byte(mSegment))), u64(m.Get([]byte(mPacked)))
		return nil
	})
	if newest > packed+uint64(packEvery) {
		first := packed + 1
		last := min(newest-1, first+journal.MaxPack-1)
		err := v.db.View(func(tx *bolt.Tx) error {
			return v.folder.WritePack(v.device, first, last, func(n uint64, h [32]byte) error {
				if s, known := ownSegmentAt(tx, n); !known || s.hash != h {
					return errNotOwn // leave it for vault verify and restore
				}
				return nil
			})
		})
		if err == nil || errors.Is(err, journal.ErrSegmentExists) {
			v.db.Update(func(tx *bolt.Tx) error {
				return tx.Bucket(bMeta).Put([]byte(mPacked), be64(last))
			})
		}
	}
	v.folder.RemovePacked(v.device, v.opt.now().Add(-packGrace))
}
