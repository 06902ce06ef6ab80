package vault

import (
	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/journal"
)

// A batch is what this PC wrote in one local transaction: an import of
// thousands of clients (Batch), a client with its key and first version, a
// rotation with its re-sealed records. The replica keeps it all or nothing;
// so must every other PC, although a flush splits a long batch over several
// segments (segmentOps) and may stop between them (a full disk, the PC
// switched off). So:
//
//   - emit marks, in bBatchOpen, every op that is not the last of its
//     transaction (markBatch);
//   - flush sets journal.Segment.Continues on a segment whose last op is so
//     marked (segmentContinues) and drops the marks it wrote (dropBatchMarks);
//   - importAll applies a device's segments only up to the last one without
//     Continues (completeBatches), all of them in one transaction, so a
//     window on the other PC sees a batch whole or not at all. The rest of
//     a batch waits in the folder until its last segment arrives: its writer
//     still has those ops in its outbox and sends them at its next sync.

// batchMark is the op emit last put in the outbox, and the transaction it
// did so in.
type batchMark struct {
	db   *bolt.DB
	txid int
	seq  uint64
}

// markBatch records that op follows another op of the same transaction tx,
// if it does: that op's batch continues.
func (v *Vault) markBatch(tx *bolt.Tx, op *journal.Op) error {
	prev := v.lastEmit
	v.lastEmit = batchMark{db: tx.DB(), txid: tx.ID(), seq: op.Seq}
	if prev.db != tx.DB() || prev.txid != tx.ID() || prev.seq+1 != op.Seq {
		return nil
	}
	return tx.Bucket(bBatchOpen).Put(be64(prev.seq), nil)
}

// segmentContinues says whether the outbox op at seq (a segment's last)
// has more ops of its batch after it.
func segmentContinues(tx *bolt.Tx, seq []byte) bool {
	return tx.Bucket(bBatchOpen).Get(seq) != nil
}

// dropBatchMarks removes the marks of outbox ops now in the vault folder.
func dropBatchMarks(tx *bolt.Tx, seqs [][]byte) error {
	b := tx.Bucket(bBatchOpen)
	for _, k := range seqs {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// completeBatches cuts a device's newly read segments after the last one
// that ends a batch: the ops after it belong to a batch whose last segment
// is not in the folder yet.
func completeBatches(segs []*journal.Segment, hashes [][32]byte) ([]*journal.Segment, [][32]byte) {
	n := len(segs)
	for n > 0 && segs[n-1].Continues {
		n--
	}
	return segs[:n], hashes[:n]
}

// segmentHook, set by tests, runs before this device writes segment n; an
// error stops the flush there, as a full disk or a PC switched off between
// two segments would.
var segmentHook func(device string, n uint64) error

func beforeSegment(device string, n uint64) error {
	if segmentHook == nil {
		return nil
	}
	return segmentHook(device, n)
}
