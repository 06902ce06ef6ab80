package journal_test

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/kinko-jp/kinko/core/journal"
)

// TestWalkChain: WalkChain hands over the same segments and hashes as
// ReadChain, in order, stops at the first break with the same error, and
// stops at fn's first error.
func TestWalkChain(t *testing.T) {
	k := newKit(t)
	k.tampered = true
	want, hashes := k.writeChain(devA, 5, 3, 4)
	walk := func(after uint64, prev [32]byte, last uint64, stopAt uint64) ([]uint64, error) {
		var got []uint64
		err := k.f.WalkChain(devA, after, prev, last, func(s *journal.Segment, h [32]byte) error {
			if h != hashes[s.Number-1] {
				t.Errorf("segment %d: hash differs", s.Number)
			}
			got = append(got, s.Number)
			if s.Number == stopAt {
				return errInjected
			}
			return nil
		})
		return got, err
	}
	got, err := walk(0, [32]byte{}, 0, 0)
	if err != nil || len(got) != len(want) || got[0] != 1 || got[4] != 5 {
		t.Fatalf("whole chain: %v, %v", got, err)
	}
	if got, err := walk(2, hashes[1], 6, 0); err != nil || len(got) != 3 || got[0] != 3 {
		t.Fatalf("resumed: %v, %v", got, err)
	}
	if got, err := walk(0, [32]byte{}, 0, 2); !errors.Is(err, errInjected) || len(got) != 2 {
		t.Fatalf("fn's error: %v, %v", got, err)
	}
	// A damaged segment: the prefix, then ReadChain's error.
	b, err := os.ReadFile(k.segPath(devA, 4))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(k.segPath(devA, 4), bytes.Replace(b, []byte("record.put"), []byte("record.pot"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err = walk(0, [32]byte{}, 0, 0)
	_, _, rerr := k.f.ReadChain(devA, 0, [32]byte{}, 0)
	var ce *journal.ChainError
	if !errors.As(err, &ce) || ce.Number != 4 || ce.Reason != journal.ReasonCorrupt || len(got) != 3 || err.Error() != rerr.Error() {
		t.Fatalf("damaged: %v, %v (ReadChain: %v)", got, err, rerr)
	}
}

// TestAppendBinary: AppendBinary appends exactly MarshalBinary's bytes and
// leaves the buffer as it was when the op does not encode.
func TestAppendBinary(t *testing.T) {
	op := newOp(devA, 7, 10)
	want, err := op.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	got, err := op.AppendBinary([]byte("prefix"))
	if err != nil || !bytes.Equal(got, append([]byte("prefix"), want...)) {
		t.Fatalf("AppendBinary = %q, %v", got, err)
	}
	op.Kind = "\xff"
	if got, err := op.AppendBinary([]byte("prefix")); !errors.Is(err, journal.ErrInvalid) || string(got) != "prefix" {
		t.Fatalf("invalid op: %q, %v", got, err)
	}
	if b, err := op.MarshalBinary(); b != nil || !errors.Is(err, journal.ErrInvalid) {
		t.Fatalf("invalid op: MarshalBinary = %q, %v", b, err)
	}
}
