package journal_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"testing"

	"github.com/kinko-jp/kinko/core/journal"
)

// TestScanChain: ScanChain hands over what WalkChain does — the same
// segments, ops and hashes, the same break — with each op's encoding as
// MarshalBinary makes it, although it reuses its memory from one segment
// to the next.
func TestScanChain(t *testing.T) {
	k := newKit(t)
	k.tampered = true
	var (
		prev   [32]byte
		hashes [][32]byte
		seq    uint64
	)
	for n := range 6 {
		s := &journal.Segment{Vault: vaultID, Device: devA, Number: uint64(n + 1), Prev: prev}
		for i := range 7 + n {
			seq++
			op := newOp(devA, seq, i%4*10)
			// Strings that repeat, change and come back, as an
			// arena interns them; deps and parents of varied length.
			op.Author = []string{"user-山田", "user-田中", ""}[(n+i)%3]
			op.Kind = []string{"log.entry", "log.entry", "record.put", "log.checkpoint"}[i%4]
			op.Target = fmt.Sprintf("t%d", i%3)
			op.Parents = nil
			for p := range i % 3 {
				op.Parents = append(op.Parents, fmt.Sprintf("%s.%d", devA, p+1))
			}
			for d := range i % 3 {
				op.Deps = append(op.Deps, journal.Dep{Device: []string{devB, devC}[d], Seq: uint64(i + d + 1)})
			}
			if i%5 == 4 {
				op.Sig = nil
			}
			s.Ops = append(s.Ops, op)
		}
		h, err := k.f.WriteSegment(sign(s))
		if err != nil {
			t.Fatal(err)
		}
		hashes, prev = append(hashes, h), h
	}
	compare := func() {
		t.Helper()
		want, wantHashes, werr := k.f.ReadChain(devA, 0, [32]byte{}, 0)
		i := 0
		err := k.f.ScanChain(devA, 0, [32]byte{}, 0, func(s *journal.Segment, enc [][]byte, h [32]byte) error {
			w := want[i]
			if h != wantHashes[i] || s.Number != w.Number || s.Vault != w.Vault || s.Device != w.Device || s.Prev != w.Prev ||
				!bytes.Equal(s.Key, w.Key) || !bytes.Equal(s.Sig, w.Sig) || s.Continues != w.Continues || len(s.Ops) != len(w.Ops) || len(enc) != len(s.Ops) {
				t.Fatalf("segment %d differs from WalkChain's", w.Number)
			}
			for j, op := range s.Ops {
				if !reflect.DeepEqual(op, w.Ops[j]) {
					t.Fatalf("segment %d op %d: %+v, want %+v", w.Number, j, op, w.Ops[j])
				}
				if b, err := op.MarshalBinary(); err != nil || !bytes.Equal(b, enc[j]) {
					t.Fatalf("segment %d op %d: encoding differs", w.Number, j)
				}
			}
			i++
			return nil
		})
		if i != len(want) || fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Fatalf("ScanChain: %d segments, %v; ReadChain: %d, %v", i, err, len(want), werr)
		}
	}
	compare()
	// Resumed after segment 2, and fn's error.
	var got []uint64
	err := k.f.ScanChain(devA, 2, hashes[1], lastSeq(k, 2), func(s *journal.Segment, _ [][]byte, _ [32]byte) error {
		got = append(got, s.Number)
		if s.Number == 4 {
			return errInjected
		}
		return nil
	})
	if !errors.Is(err, errInjected) || !reflect.DeepEqual(got, []uint64{3, 4}) {
		t.Fatalf("resumed: %v, %v", got, err)
	}
	// A damaged segment: the same prefix and error.
	b, err := os.ReadFile(k.segPath(devA, 5))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(k.segPath(devA, 5), bytes.Replace(b, []byte("log.entry"), []byte("log.entrx"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	compare()
}

// lastSeq is the Seq of the last op of devA's segment n.
func lastSeq(k *kit, n uint64) uint64 {
	s, _, err := k.f.ReadSegment(devA, n)
	if err != nil {
		k.t.Fatal(err)
	}
	return s.Ops[len(s.Ops)-1].Seq
}

// BenchmarkScanChain is BenchmarkReadChain's chain read with ScanChain:
// the same checks, into reused memory, the next segment read ahead.
func BenchmarkScanChain(b *testing.B) {
	k := newKit(b)
	k.writeChain(devA, 10, 1000, 300)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		err := k.f.ScanChain(devA, 0, [32]byte{}, 0, func(*journal.Segment, [][]byte, [32]byte) error { n++; return nil })
		if err != nil || n != 10 {
			b.Fatalf("ScanChain = %d segments, %v", n, err)
		}
	}
}
