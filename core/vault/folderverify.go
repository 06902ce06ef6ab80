package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/kinko-jp/kinko/core/journal"
)

// Verify's checks of the vault folder beyond the ops: that each device's
// chain is not shorter than what this replica has already read (a folder
// put back from an older copy, newest segments deleted), and that blobs/
// holds what it must (folderverify.go).

// Problem reasons of kind "blob" besides ReasonAltered and ReasonMissing,
// stable strings.
const (
	// ReasonErasedPresent: a blob that was erased (its 廃棄 approved) is in
	// the vault folder again, for example brought back by an older copy of
	// the folder. The next sync of a PC that knows the erasure deletes it.
	ReasonErasedPresent = "erased-present"
	// ReasonStray: a file or folder in blobs/ whose name no blob has (kind
	// "blob"), or in journal/ that is no device's folder, segment, set-aside
	// segment or write in progress (kind "chain").
	ReasonStray = "stray"
	// ReasonReplaced is a Problem reason of kind "chain": a segment this
	// replica has already read is in the folder with other bytes, though
	// signed by its device (two installations share the device's key).
	ReasonReplaced = "replaced"
)

func segmentFile(device string, n uint64) string {
	return fmt.Sprintf("journal/%s/%016d.seg", device, n)
}

func blobFile(id string) string { return "blobs/" + id }

// readTo returns how far this replica has read each device's chain: the
// import cursors, and this device's own segments.
func (v *Vault) readTo(tx *bolt.Tx) map[string]cursor {
	read := map[string]cursor{}
	tx.Bucket(bCursors).ForEach(func(k, val []byte) error {
		var c cursor
		if json.Unmarshal(val, &c) == nil && c.Segment > 0 {
			read[string(k)] = c
		}
		return nil
	})
	m := tx.Bucket(bMeta)
	if n := u64(m.Get([]byte(mSegment))); n > 0 {
		c := cursor{Segment: n}
		copy(c.Hash[:], m.Get([]byte(mSegHash)))
		read[v.device] = c
	}
	return read
}

// checkBehind compares the chain Verify read for device (hashes, and the
// break it found, if any) with what this replica has read of it, and
// returns the problem, if any: the folder is behind (ReasonBehind) or holds
// other bytes at a segment already read (ReasonReplaced).
func checkBehind(device string, read cursor, hashes [][32]byte, chain *journal.ChainError) *Problem {
	if read.Segment == 0 {
		return nil
	}
	if uint64(len(hashes)) < read.Segment {
		if chain != nil {
			return nil // the break is reported as such
		}
		n := uint64(len(hashes)) + 1
		return &Problem{Kind: "chain", Device: device, Segment: n, File: segmentFile(device, n), Reason: ReasonBehind}
	}
	if hashes[read.Segment-1] != read.Hash {
		return &Problem{Kind: "chain", Device: device, Segment: read.Segment, File: segmentFile(device, read.Segment), Reason: ReasonReplaced}
	}
	return nil
}

// erasedIn collects the blobs that valid ops in the folder erase, as
// Verify replays them into its scratch roster r: a blob.erase names one,
// an approval its proposal's.
type erasedIn map[string]bool

func (e erasedIn) note(r *roster, op *journal.Op) {
	switch op.Kind {
	case KindBlobErase:
		if b, err := decode[blobErase](op.Payload); err == nil {
			e[b.ID] = true
		}
	case KindErasureApprove:
		a, err := decode[erasureApproval](op.Payload)
		if p := r.proposals[a.ID]; err == nil && p != nil {
			for _, b := range p.Blobs {
				e[b.ID] = true
			}
		}
	}
}

// verifyBlobs reports the names in journal/ that are none of Kinko's
// (kind "chain", ReasonStray), and checks blobs/ against what this replica
// knows, without any key: every blob it holds a copy of (it wrote it, or read it and checked
// its hash) must be in the folder with the same bytes, unless it is still
// to be written there; no blob erased (here or by an op in the folder,
// erasedOps) may be there, unless this PC is still to delete it; and
// every name must be a blob's. With a user logged in, every blob the
// current version of a record they can read references must be there and
// match its hash too: that covers blobs this PC never read.
func (v *Vault) verifyBlobs(rpt *Report, erasedOps erasedIn) error {
	others, err := v.folder.Stray()
	if err != nil {
		return err
	}
	for _, name := range others {
		rpt.Problems = append(rpt.Problems, Problem{Kind: "chain", File: name, Reason: ReasonStray})
	}
	// A pack whose copy of a segment is not that segment (pack.go).
	badPacks, err := v.folder.BadPacks()
	if err != nil {
		return err
	}
	for _, name := range badPacks {
		rpt.Problems = append(rpt.Problems, Problem{Kind: "chain", File: name, Reason: ReasonAltered})
	}
	ids, stray, err := v.folder.Blobs()
	if err != nil {
		return err
	}
	for _, name := range stray {
		rpt.Problems = append(rpt.Problems, Problem{Kind: "blob", File: blobFile(name), Reason: ReasonStray})
	}
	inFolder := make(map[string]bool, len(ids))
	for _, id := range ids {
		inFolder[id] = true
	}
	blob := func(id string, reason string) {
		rpt.Problems = append(rpt.Problems, Problem{Kind: "blob", File: blobFile(id), Reason: reason})
	}
	checked := map[string]bool{}
	// check compares the folder's file of id with want (bytes) or sum (a
	// BlobRef's hash).
	check := func(id string, want []byte, sum string) error {
		checked[id] = true
		if !inFolder[id] {
			blob(id, ReasonMissing)
			return nil
		}
		got, err := v.folder.ReadBlob(id)
		if errors.Is(err, journal.ErrMissing) {
			blob(id, ReasonMissing)
			return nil
		}
		if err != nil {
			return err
		}
		s := sha256.Sum256(got)
		if want != nil && !bytes.Equal(got, want) || want == nil && hex.EncodeToString(s[:]) != sum {
			blob(id, ReasonAltered)
		}
		return nil
	}
	return v.db.View(func(tx *bolt.Tx) error {
		erased, up, del := tx.Bucket(bErased), tx.Bucket(bBlobUp), tx.Bucket(bBlobDel)
		isErased := func(id string) bool { return erasedOps[id] || erased.Get([]byte(id)) != nil }
		for _, id := range ids {
			if isErased(id) && del.Get([]byte(id)) == nil {
				blob(id, ReasonErasedPresent)
				checked[id] = true
			}
		}
		err := tx.Bucket(bBlobs).ForEach(func(k, sealed []byte) error {
			id := string(k)
			if checked[id] || up.Get(k) != nil || isErased(id) {
				return nil
			}
			return check(id, sealed, "")
		})
		if err != nil || v.sess == nil {
			return err
		}
		for _, ref := range v.headBlobs(tx) {
			if !checked[ref.ID] && up.Get([]byte(ref.ID)) == nil && !isErased(ref.ID) {
				if err := check(ref.ID, nil, ref.Hash); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// headBlobs returns the blobs the current versions of the records the
// logged-in user can open reference (through the kinds' registered
// Rebind), each once.
func (v *Vault) headBlobs(tx *bolt.Tx) []BlobRef {
	var refs []BlobRef
	seen := map[string]bool{}
	tx.Bucket(bHeads).ForEach(func(k, val []byte) error {
		target := string(k)
		kind, _, _ := cutKind(target)
		f, ok := rebinders.Load(kind)
		if !ok {
			return nil
		}
		for _, id := range splitIDs(val) {
			op, err := v.opByID(tx, id)
			if err != nil || op.Kind != KindRecordPut {
				continue
			}
			ver, err := v.open(tx, op)
			if err != nil {
				continue // a scope whose key this user lacks
			}
			f.(Rebind)(ver.Data, func(ref BlobRef) (BlobRef, error) {
				if !seen[ref.ID] && ref.BelongsTo(target) {
					seen[ref.ID] = true
					refs = append(refs, ref)
				}
				return ref, nil
			})
			clear(ver.Data)
		}
		return nil
	})
	return refs
}
