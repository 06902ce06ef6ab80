package vault

import (
	"bytes"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/journal"
)

// verdicts collects the quarantine entries (and, for held ops, the index
// entries of waits.go) of the ops one apply or replay judges, and writes
// them in key order at its end. bbolt keeps the keys a write transaction
// adds to a page in one in-memory node until it commits, and inserting a
// key before others moves them all: thousands of junk ops put in the order
// they were judged (by position, not by key) made a rebuild quadratic.
// Nothing reads these buckets while the ops are judged.
type verdicts struct {
	quarantine, waits [][2][]byte
}

// add records op's quarantine reason, and the wait key of a held op.
func (vs *verdicts) add(op *journal.Op, reason, wait string) {
	vs.quarantine = append(vs.quarantine, [2][]byte{[]byte(op.ID()), []byte(reason)})
	if wait != "" && (reason == ReasonPending || reason == ReasonUnknownAuthor) {
		vs.waits = append(vs.waits, [2][]byte{append(waitPrefix(wait), pos(op)...), nil})
	}
}

// write puts what was recorded, in key order.
func (vs *verdicts) write(tx *bolt.Tx) error {
	for _, b := range []struct {
		name []byte
		kvs  [][2][]byte
	}{{bQuarantine, vs.quarantine}, {bWaits, vs.waits}} {
		slices.SortFunc(b.kvs, func(x, y [2][]byte) int { return bytes.Compare(x[0], y[0]) })
		bucket := tx.Bucket(b.name)
		for _, kv := range b.kvs {
			if err := bucket.Put(kv[0], kv[1]); err != nil {
				return err
			}
		}
	}
	vs.quarantine, vs.waits = nil, nil
	return nil
}
