package journal

import (
	"errors"
	"slices"
)

// ReadChain reads device's segments after number after and checks that they
// continue the chain the caller has already imported: segment after had hash
// prevHash and its last op had Seq lastSeq (after == 0 means from the start,
// with a zero prevHash and lastSeq 0). The sync loop calls it on every poll
// with the cursor kept in the local replica.
//
// Every returned segment passed these checks, in this order: the number is
// the next one with no gap ("missing"), the file decodes ("corrupt"), it is
// signed by its device's key ("foreign": someone else wrote it into this
// folder), its Device is device ("device-mismatch"), its Vault is the folder's
// ("vault-mismatch"), its Number is the one in its file name and its Prev is
// the previous segment's hash ("prev-mismatch"), and its first op's Seq is
// the previous op's Seq + 1 ("seq-gap"). A segment with no ops keeps the
// sequence where it was. The segment after itself must still be listed: if
// the caller's last imported segment has vanished (the share was rolled
// back), that is reported as "missing" at after.
//
// It returns the valid segments and their hashes in order and, if the chain
// breaks, a *ChainError (ErrBrokenChain) for the first segment that does not
// fit, together with the valid prefix. The caller imports the prefix and
// reports the break; it must not skip over it. If the vault folder becomes
// unreachable midway it returns the prefix and a *SegmentError or plain
// error wrapping ErrUnavailable instead, which is not a broken chain. An
// invalid device id returns ErrInvalid.
func (f *Folder) ReadChain(device string, after uint64, prevHash [32]byte, lastSeq uint64) ([]*Segment, [][32]byte, error) {
	var (
		segs   []*Segment
		hashes [][32]byte
	)
	err := f.WalkChain(device, after, prevHash, lastSeq, func(s *Segment, h [32]byte) error {
		segs = append(segs, s)
		hashes = append(hashes, h)
		return nil
	})
	return segs, hashes, err
}

// WalkChain is ReadChain for a caller that handles each segment as it is
// read instead of holding them all: core/vault's log verifier reads every
// segment of a folder that may hold millions of ops. It calls fn with each
// valid segment and its hash, in order, and returns what ReadChain would
// (fn has then been called with the valid prefix), or fn's first error,
// after which it reads no further.
func (f *Folder) WalkChain(device string, after uint64, prevHash [32]byte, lastSeq uint64, fn func(s *Segment, hash [32]byte) error) error {
	return f.walkChain(device, after, prevHash, lastSeq, false, func(s *Segment, _ [][]byte, h [32]byte) error { return fn(s, h) })
}

// ScanChain is WalkChain for a caller that keeps nothing of a segment once
// fn returns: the segment, its ops and everything they hold live only
// until then, in memory reused for the next segment, so that reading a
// device's million ops allocates next to nothing. enc[i] is the encoding
// of s.Ops[i] as the file holds it (what Op.MarshalBinary returns: the
// decoding is strict). The access-log verifier (core/vault's VerifyLog)
// reads a folder with it; it must copy what it keeps. While fn works on a
// segment, the next one is read and decoded on another goroutine (into
// the other of two arenas), so a device's chain keeps two cores busy.
func (f *Folder) ScanChain(device string, after uint64, prevHash [32]byte, lastSeq uint64, fn func(s *Segment, enc [][]byte, hash [32]byte) error) error {
	return f.walkChain(device, after, prevHash, lastSeq, true, fn)
}

// walkChain is WalkChain and ScanChain (ahead): segments are then read
// ahead into arenas, and fn gets their ops' encodings.
func (f *Folder) walkChain(device string, after uint64, prevHash [32]byte, lastSeq uint64, ahead bool, fn func(s *Segment, enc [][]byte, hash [32]byte) error) error {
	nums, err := f.Segments(device)
	if err != nil {
		return err
	}
	i, found := slices.BinarySearch(nums, after)
	if after > 0 && !found {
		return &ChainError{Device: device, Number: after, Reason: ReasonMissing}
	}
	if found {
		i++
	}
	var (
		prev = prevHash
		seq  = lastSeq
		want = after + 1
	)
	broken := func(n uint64, reason string, cause error) error {
		return &ChainError{Device: device, Number: n, Reason: reason, Err: cause}
	}
	var packs packCache
	read := func(n uint64) (*Segment, [][]byte, [32]byte, error) {
		s, h, err := f.readSegment(device, n, nil, &packs)
		return s, nil, h, err
	}
	if ahead {
		ra := f.readAhead(device, nums[i:])
		defer ra.stop()
		read = ra.next
	}
	for _, n := range nums[i:] {
		if n != want {
			return broken(want, ReasonMissing, nil)
		}
		s, enc, h, err := read(n)
		switch {
		case errors.Is(err, ErrMissing):
			// Listed a moment ago, gone now: segments are never deleted.
			return broken(n, ReasonMissing, nil)
		case errors.Is(err, ErrCorrupt), errors.Is(err, ErrFormat):
			return broken(n, ReasonCorrupt, err)
		case errors.Is(err, ErrForeign):
			return broken(n, ReasonForeign, err)
		case err != nil:
			return err
		}
		switch {
		case s.Device != device:
			return broken(n, ReasonDeviceMismatch, nil)
		case s.Vault != f.hdr.Vault:
			return broken(n, ReasonVaultMismatch, nil)
		case s.Number != n || s.Prev != prev:
			return broken(n, ReasonPrevMismatch, nil)
		case len(s.Ops) > 0 && s.Ops[0].Seq != seq+1:
			return broken(n, ReasonSeqGap, nil)
		}
		if err := fn(s, enc, h); err != nil {
			return err
		}
		prev = h
		if len(s.Ops) > 0 {
			seq = s.Ops[len(s.Ops)-1].Seq
		}
		want++
	}
	return nil
}
