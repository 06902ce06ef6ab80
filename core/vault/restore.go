package vault

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/journal"
)

// A vault folder put back from an older copy (a NAS restore, a folder
// copied back by hand) lacks the segments every PC wrote since, and the
// blobs. Every PC still holds its own ops, so each one notices that the
// folder is behind its own chain and puts its missing segments back: the
// same signed bytes, because a segment is re-encoded from the same ops,
// numbers and previous hash, and Ed25519 signatures are deterministic. The
// other PCs' import cursors then find the segments they had already read
// and carry on; a PC joining afterwards reads everything.

// bOwnSegs records each segment this device wrote: number (8 bytes BE) →
// first op seq (8) | op count (4) | segment hash (32). It is what putting a
// segment back needs; a replica from before it existed fills it in from the
// folder (backfillOwnSegments).
var bOwnSegs = []byte("ownsegs")

const ownSegLen = 8 + 4 + 32

// ownSegment is one entry of bOwnSegs.
type ownSegment struct {
	first uint64
	count uint32
	hash  [32]byte
}

func (s ownSegment) encode() []byte {
	b := binary.BigEndian.AppendUint64(make([]byte, 0, ownSegLen), s.first)
	b = binary.BigEndian.AppendUint32(b, s.count)
	return append(b, s.hash[:]...)
}

func ownSegmentAt(tx *bolt.Tx, n uint64) (ownSegment, bool) {
	b := tx.Bucket(bOwnSegs).Get(be64(n))
	if len(b) != ownSegLen {
		return ownSegment{}, false
	}
	s := ownSegment{first: binary.BigEndian.Uint64(b), count: binary.BigEndian.Uint32(b[8:])}
	copy(s.hash[:], b[12:])
	return s, true
}

// recordOwnSegment remembers a segment this device wrote (or adopted), in
// the transaction that advances mSegment past it.
func recordOwnSegment(tx *bolt.Tx, seg *journal.Segment, hash [32]byte) error {
	if len(seg.Ops) == 0 {
		return nil
	}
	s := ownSegment{first: seg.Ops[0].Seq, count: uint32(len(seg.Ops)), hash: hash}
	return tx.Bucket(bOwnSegs).Put(be64(seg.Number), s.encode())
}

// behindOf turns a chain that breaks because a segment this replica had
// already imported (up to imported) is missing, and no later one is there,
// into ReasonBehind: the folder is an older copy, and the device that wrote
// the segment puts it back at its next sync. A gap before later segments
// (one deleted from the middle) and other breaks are returned as they are.
func behindOf(f *journal.Folder, chain *journal.ChainError, imported uint64) *journal.ChainError {
	if chain.Reason != journal.ReasonMissing || chain.Number > imported {
		return chain
	}
	nums, err := f.Segments(chain.Device)
	if err != nil || len(nums) > 0 && nums[len(nums)-1] > chain.Number {
		return chain
	}
	c := *chain
	c.Reason = ReasonBehind
	return &c
}

// tempAge is how old a temporary file of this device must be before
// CleanTemp removes it: no write of this PC's running process lasts that
// long, so an older one was left by a process killed mid-write.
const tempAge = time.Minute

// repairFolder runs at the start of every Sync, before anything is
// written. Once per connection it removes this device's stale temporary
// files, fills bOwnSegs in for segments written before it existed, and
// puts back this device's segments missing anywhere in its chain
// (restoreSegments); on every other sync it checks that the folder still
// holds this device's newest segment and, if not, does the same. Either
// way it marks the blobs due to be put back too, after the import
// (restoreBlobsDue).
func (v *Vault) repairFolder(res *SyncResult) error {
	f := v.folder
	first := v.syncSt.checked != f
	if first {
		f.SetWriter(v.device) // before this connection's first write
		if _, err := f.CleanTemp(v.device, v.opt.now().Add(-tempAge)); err != nil {
			return err
		}
		if err := v.backfillOwnSegments(); err != nil {
			return err
		}
	}
	var last uint64
	v.db.View(func(tx *bolt.Tx) error {
		last = u64(tx.Bucket(bMeta).Get([]byte(mSegment)))
		return nil
	})
	// Once per connection every number is looked for (restoreSegments
	// lists them); on other syncs, a stat of the newest one.
	behind := first && last > 0
	if !behind && last > 0 {
		has, err := f.HasSegment(v.device, last)
		if err != nil {
			return err
		}
		behind = !has
	}
	if behind {
		if err := v.restoreSegments(last, res); err != nil {
			return err
		}
	}
	v.syncSt.blobsDue = v.syncSt.blobsDue || first || behind
	v.syncSt.checked = f
	return nil
}

// restoreBlobsDue runs restoreBlobs when repairFolder found it due. Sync
// calls it after the import: a blob another PC erased, whose erasure this
// PC has not imported yet, must not be written back.
func (v *Vault) restoreBlobsDue(res *SyncResult) error {
	if !v.syncSt.blobsDue {
		return nil
	}
	n, err := v.restoreBlobs()
	if err != nil {
		return err
	}
	res.RestoredBlobs += n
	v.syncSt.restoredBlobs += n
	v.syncSt.blobsDue = false
	return nil
}

// backfillOwnSegments fills bOwnSegs in for this device's segments in the
// folder that it lacks (a replica from before bOwnSegs, or a segment
// adopted after a crash): each is read once and kept if it is this
// device's own, in place. It is cheap when nothing is missing.
func (v *Vault) backfillOwnSegments() error {
	var last uint64
	var missing []uint64
	v.db.View(func(tx *bolt.Tx) error {
		last = u64(tx.Bucket(bMeta).Get([]byte(mSegment)))
		if uint64(tx.Bucket(bOwnSegs).Stats().KeyN) >= last {
			return nil
		}
		for n := uint64(1); n <= last; n++ {
			if _, ok := ownSegmentAt(tx, n); !ok {
				missing = append(missing, n)
			}
		}
		return nil
	})
	if len(missing) == 0 {
		return nil
	}
	return v.db.Update(func(tx *bolt.Tx) error {
		for _, n := range missing {
			s, h, err := v.folder.ReadSegment(v.device, n)
			if errors.Is(err, journal.ErrUnavailable) {
				return err
			}
			if err != nil || s.Device != v.device || s.Vault != v.id || s.Number != n {
				continue // gone or not ours: it cannot be put back from here
			}
			if err := recordOwnSegment(tx, s, h); err != nil {
				return err
			}
		}
		return nil
	})
}

// restoreSegments writes back every segment of this device up to last
// that the folder lacks, each re-encoded from bOwnSegs and the ops in the
// log and checked against the hash it had when first written, so other
// PCs find exactly the bytes they may already have read. A segment that
// cannot be rebuilt (unknown boundaries, a changed op) is counted in
// syncSt.unrestorable and left missing: Status and Verify report it.
func (v *Vault) restoreSegments(last uint64, res *SyncResult) error {
	present, err := v.folder.Segments(v.device)
	if err != nil {
		return err
	}
	have := make(map[uint64]bool, len(present))
	for _, n := range present {
		have[n] = true
	}
	unrestorable := 0
	for n := uint64(1); n <= last; n++ {
		if have[n] {
			continue
		}
		seg, err := v.rebuildSegment(n)
		if err != nil {
			unrestorable++
			continue
		}
		_, err = v.folder.WriteSegment(seg)
		if errors.Is(err, journal.ErrSegmentExists) {
			continue // put back meanwhile (by a second process of this replica)
		}
		if err != nil {
			return err
		}
		res.Restored++
		res.RestoredOps += len(seg.Ops)
	}
	v.syncSt.restored += res.Restored
	v.syncSt.unrestorable = unrestorable
	return nil
}

// errNotRebuilt: a segment of this device could not be re-encoded as it
// was written.
var errNotRebuilt = errors.New("vault: own segment cannot be rebuilt")

// rebuildSegment re-encodes this device's segment n from bOwnSegs and the
// log, signed again with the device key, and checks that it hashes as the
// original did.
func (v *Vault) rebuildSegment(n uint64) (*journal.Segment, error) {
	seg := &journal.Segment{Vault: v.id, Device: v.device, Number: n}
	var want [32]byte
	err := v.db.View(func(tx *bolt.Tx) error {
		rec, ok := ownSegmentAt(tx, n)
		if !ok {
			return fmt.Errorf("%w: %d: not recorded", errNotRebuilt, n)
		}
		want = rec.hash
		if n > 1 {
			prev, ok := ownSegmentAt(tx, n-1)
			if !ok {
				return fmt.Errorf("%w: %d: previous not recorded", errNotRebuilt, n)
			}
			seg.Prev = prev.hash
		}
		for i := range uint64(rec.count) {
			op, err := v.opByID(tx, v.device+"."+strconv.FormatUint(rec.first+i, 10))
			if err != nil {
				return err
			}
			seg.Ops = append(seg.Ops, op)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The record keeps no batch flag: the segment either ended its batch
	// or continued it, and only one of the two hashes as written.
	for _, continues := range []bool{false, true} {
		seg.Continues = continues
		if err := seg.Sign(v.devKey); err != nil {
			return nil, err
		}
		b, err := seg.Encode()
		if err != nil {
			return nil, err
		}
		if journal.Hash(b) == want {
			return seg, nil
		}
	}
	return nil, fmt.Errorf("%w: %d: different bytes", errNotRebuilt, n)
}

// restoreBlobs brings the folder's blobs/ in line with this replica: a
// blob this replica holds a copy of (it wrote it, or read it and checked
// its hash) that the folder lacks is written back, and a blob erased here
// that is in the folder (an old copy of the folder brought it back) is
// deleted again. It returns how many blobs it wrote back.
func (v *Vault) restoreBlobs() (int, error) {
	ids, _, err := v.folder.Blobs()
	if err != nil {
		return 0, err
	}
	inFolder := make(map[string]bool, len(ids))
	for _, id := range ids {
		inFolder[id] = true
	}
	var back, erased []string
	v.db.View(func(tx *bolt.Tx) error {
		er, up := tx.Bucket(bErased), tx.Bucket(bBlobUp)
		tx.Bucket(bBlobs).ForEach(func(k, _ []byte) error {
			if !inFolder[string(k)] && up.Get(k) == nil && er.Get(k) == nil {
				back = append(back, string(k))
			}
			return nil
		})
		for _, id := range ids {
			if er.Get([]byte(id)) != nil {
				erased = append(erased, id)
			}
		}
		return nil
	})
	for _, id := range erased {
		if err := v.folder.DeleteBlob(id); err != nil {
			return 0, err
		}
	}
	n := 0
	for _, id := range back {
		wrote, err := v.writeBlobCopy(id)
		if err != nil {
			return n, err
		}
		if wrote {
			n++
		}
	}
	return n, nil
}
