package journal_test

import (
	"testing"

	"github.com/kinko-jp/kinko/core/journal"
)

func BenchmarkSegment(b *testing.B) {
	s := newSegment(devA, 1, [32]byte{}, 1, 1000, 300)
	enc, err := s.Encode()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encode 1000 ops", func(b *testing.B) {
		b.SetBytes(int64(len(enc)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Encode(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode 1000 ops", func(b *testing.B) {
		b.SetBytes(int64(len(enc)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := journal.DecodeSegment(enc); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkReadChain(b *testing.B) {
	k := newKit(b)
	k.writeChain(devA, 10, 1000, 300)
	b.ReportAllocs()
	for b.Loop() {
		segs, _, err := k.f.ReadChain(devA, 0, [32]byte{}, 0)
		if err != nil || len(segs) != 10 {
			b.Fatalf("ReadChain = %d segments, %v", len(segs), err)
		}
	}
}
