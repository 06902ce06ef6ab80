package journal_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/kinko-jp/kinko/core/journal"
)

// FuzzDecodeSegment checks that DecodeSegment never panics, fails only with
// ErrCorrupt, ErrFormat or ErrForeign, and that a segment it accepts (with
// its device's signature) encodes back to the same bytes and decodes to the
// same value.
func FuzzDecodeSegment(f *testing.F) {
	f.Add(rawSegment(newSegment(devA, 1, [32]byte{}, 1, 2, 3)))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := journal.DecodeSegment(b)
		if err != nil {
			if !errors.Is(err, journal.ErrCorrupt) && !errors.Is(err, journal.ErrFormat) && !errors.Is(err, journal.ErrForeign) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		again, err := s.Encode()
		if err != nil {
			t.Fatalf("Encode of a decoded segment: %v", err)
		}
		if !bytes.Equal(again, b) {
			t.Fatal("decode→encode changed the bytes")
		}
		s2, err := journal.DecodeSegment(again)
		if err != nil || !reflect.DeepEqual(s, s2) {
			t.Fatalf("decode→encode→decode differs: %v", err)
		}
	})
}

// FuzzOpUnmarshal checks the same for single ops.
func FuzzOpUnmarshal(f *testing.F) {
	b, _ := newOp(devA, 1, 3).MarshalBinary()
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		var op journal.Op
		if err := op.UnmarshalBinary(b); err != nil {
			if !errors.Is(err, journal.ErrCorrupt) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		again, err := op.MarshalBinary()
		if err != nil {
			t.Fatalf("MarshalBinary of a decoded op: %v", err)
		}
		if !bytes.Equal(again, b) {
			t.Fatal("decode→encode changed the bytes")
		}
		var op2 journal.Op
		if err := op2.UnmarshalBinary(again); err != nil || !reflect.DeepEqual(op, op2) {
			t.Fatalf("decode→encode→decode differs: %v", err)
		}
		if !bytes.HasPrefix(again, op.SigningBytes()) {
			t.Fatal("encoding does not start with SigningBytes")
		}
	})
}

// TestFuzzSeeds makes sure the committed seed corpora exist, so the fuzz
// targets run on real vectors in every `go test`.
func TestFuzzSeeds(t *testing.T) {
	for _, target := range []string{"FuzzDecodeSegment", "FuzzOpUnmarshal"} {
		t.Run(target, func(t *testing.T) {
			entries, err := os.ReadDir(filepath.Join("testdata", "fuzz", target))
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) == 0 {
				t.Fatal("no seed files")
			}
			for _, e := range entries {
				b, err := os.ReadFile(filepath.Join("testdata", "fuzz", target, e.Name()))
				if err != nil || !bytes.HasPrefix(b, []byte("go test fuzz v1\n")) {
					t.Errorf("%s: not a fuzz corpus file (%v)", e.Name(), err)
				}
			}
		})
	}
}
