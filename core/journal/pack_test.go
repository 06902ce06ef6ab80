package journal_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kinko-jp/kinko/core/journal"
)

// Packed segments read exactly as their own files did — same segments, same
// hashes, from the start or from a cursor inside the pack — before and after
// the packed files are removed, and a pack is not a stray file.
func TestPackReadsLikeFiles(t *testing.T) {
	k := newKit(t)
	segs, hashes := k.writeChain(devA, 10, 3, 20)
	if err := k.f.WritePack(devA, 2, 8, nil); err != nil {
		t.Fatal(err)
	}
	if err := k.f.WritePack(devA, 2, 8, nil); !errors.Is(err, journal.ErrSegmentExists) {
		t.Fatalf("second pack of the same range: %v", err)
	}
	check := func(when string) {
		t.Helper()
		got, gotH, err := k.f.ReadChain(devA, 0, [32]byte{}, 0)
		if err != nil || len(got) != len(segs) {
			t.Fatalf("%s: ReadChain: %d segments, %v", when, len(got), err)
		}
		for i := range segs {
			if gotH[i] != hashes[i] || got[i].Number != segs[i].Number || len(got[i].Ops) != 3 {
				t.Fatalf("%s: segment %d differs", when, i+1)
			}
		}
		// A reader whose cursor is inside the pack carries on.
		rest, _, err := k.f.ReadChain(devA, 4, hashes[3], segs[3].Ops[2].Seq)
		if err != nil || len(rest) != 6 || rest[0].Number != 5 {
			t.Fatalf("%s: from segment 4: %d segments, %v", when, len(rest), err)
		}
		nums, err := k.f.Segments(devA)
		if err != nil || len(nums) != 10 {
			t.Fatalf("%s: Segments: %v, %v", when, nums, err)
		}
		if stray, err := k.f.Stray(); err != nil || len(stray) != 0 {
			t.Fatalf("%s: Stray: %v, %v", when, stray, err)
		}
	}
	check("packed")
	if n, err := k.f.RemovePacked(devA, time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("a new pack's files removed: %d, %v", n, err)
	}
	if n, err := k.f.RemovePacked(devA, time.Now().Add(time.Hour)); err != nil || n != 7 {
		t.Fatalf("RemovePacked: %d, %v", n, err)
	}
	for n := uint64(2); n <= 8; n++ {
		if _, err := os.Stat(k.segPath(devA, n)); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("segment file %d still there: %v", n, err)
		}
	}
	check("files removed")
	if _, h, err := k.f.ReadSegment(devA, 5); err != nil || h != hashes[4] {
		t.Fatalf("ReadSegment from the pack: %v", err)
	}
}

// A pack is written only over the device's own chain, and its check can
// stop it; a damaged pack breaks the chain where its segments are needed.
func TestPackRefusesAndDamage(t *testing.T) {
	k := newKit(t)
	_, hashes := k.writeChain(devA, 6, 2, 10)
	stop := errors.New("not mine")
	if err := k.f.WritePack(devA, 1, 4, func(n uint64, h [32]byte) error {
		if n == 3 {
			return stop
		}
		return nil
	}); !errors.Is(err, stop) {
		t.Fatalf("check: %v", err)
	}
	if err := k.f.WritePack(devA, 1, 4, func(n uint64, h [32]byte) error {
		if h != hashes[n-1] {
			t.Errorf("check got segment %d's hash wrong", n)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := k.f.RemovePacked(devA, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Damage the pack: the segments only it holds no longer read.
	k.tampered = true
	path := filepath.Join(k.f.Root(), "journal", devA, "0000000000000001-0000000000000004.pack")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 1
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	segs, _, err := k.f.ReadChain(devA, 0, [32]byte{}, 0)
	var chain *journal.ChainError
	if !errors.As(err, &chain) || chain.Reason != journal.ReasonCorrupt || len(segs) >= 4 {
		t.Fatalf("damaged pack: %d segments, %v", len(segs), err)
	}
}

// BadPacks names a pack whose copy of a segment differs from the
// segment's own file, and a pack that does not decode.
func TestBadPacks(t *testing.T) {
	k := newKit(t)
	k.writeChain(devA, 5, 2, 10)
	if err := k.f.WritePack(devA, 1, 3, nil); err != nil {
		t.Fatal(err)
	}
	if bad, err := k.f.BadPacks(); err != nil || len(bad) != 0 {
		t.Fatalf("a fresh pack: %v, %v", bad, err)
	}
	k.tampered = true
	path := filepath.Join(k.f.Root(), "journal", devA, "0000000000000001-0000000000000003.pack")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-5] ^= 1
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if bad, err := k.f.BadPacks(); err != nil || len(bad) != 1 || bad[0] != "journal/"+devA+"/0000000000000001-0000000000000003.pack" {
		t.Fatalf("an altered pack: %v, %v", bad, err)
	}
}
