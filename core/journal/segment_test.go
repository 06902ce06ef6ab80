package journal_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"reflect"
	"testing"

	"github.com/kinko-jp/kinko/core/journal"
)

func TestSegment(t *testing.T) {
	t.Run("round trip", func(t *testing.T) {
		for _, s := range []*journal.Segment{
			newSegment(devA, 1, [32]byte{}, 1, 3, 20),
			newSegment(devB, 9, [32]byte{1, 2, 3}, 1000, 1, 0),
			{Vault: vaultID, Device: devA, Number: 4},
		} {
			b := mustEncode(t, s)
			got, err := journal.DecodeSegment(b)
			if err != nil {
				t.Fatalf("DecodeSegment: %v", err)
			}
			if !reflect.DeepEqual(got, s) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, s)
			}
			if again := mustEncode(t, got); !bytes.Equal(again, b) {
				t.Error("re-encoding gives other bytes")
			}
			if journal.Hash(b) != sha256.Sum256(b) {
				t.Error("Hash is not SHA-256 of the file")
			}
			if !bytes.HasPrefix(b, []byte("KINKOSEG\x01")) {
				t.Error("missing magic and format byte")
			}
		}
	})

	small := mustEncode(t, newSegment(devA, 2, [32]byte{9}, 5, 2, 3))

	t.Run("every flipped byte is corrupt", func(t *testing.T) {
		for i := range small {
			for _, mask := range []byte{0x01, 0x80, 0xff} {
				b := bytes.Clone(small)
				b[i] ^= mask
				s, err := journal.DecodeSegment(b)
				if !errors.Is(err, journal.ErrCorrupt) || s != nil {
					t.Fatalf("byte %d ^ %#x: err = %v, want ErrCorrupt", i, mask, err)
				}
				checkErrorText(t, err, "")
			}
		}
	})

	t.Run("every truncation is corrupt", func(t *testing.T) {
		for n := range len(small) {
			if _, err := journal.DecodeSegment(small[:n]); !errors.Is(err, journal.ErrCorrupt) {
				t.Fatalf("length %d: err = %v, want ErrCorrupt", n, err)
			}
		}
		if _, err := journal.DecodeSegment(append(bytes.Clone(small), 0)); !errors.Is(err, journal.ErrCorrupt) {
			t.Fatalf("extra byte: err = %v, want ErrCorrupt", err)
		}
	})

	t.Run("newer format", func(t *testing.T) {
		b := bytes.Clone(small[:len(small)-32])
		b[8] = 2
		sum := sha256.Sum256(b)
		b = append(b, sum[:]...)
		_, err := journal.DecodeSegment(b)
		var fe *journal.FormatError
		if !errors.Is(err, journal.ErrFormat) || !errors.As(err, &fe) || fe.Found != 2 {
			t.Fatalf("err = %v, want *FormatError{2}", err)
		}
	})

	t.Run("consistent trailer but bad content", func(t *testing.T) {
		// An attacker can recompute the trailer; the content checks still hold.
		tests := []struct {
			name   string
			mutate func(s *journal.Segment)
		}{
			{"op of another device", func(s *journal.Segment) { s.Ops[1].Device = devB }},
			{"seq gap", func(s *journal.Segment) { s.Ops[1].Seq++ }},
			{"seq repeat", func(s *journal.Segment) { s.Ops[1].Seq-- }},
			{"seq zero", func(s *journal.Segment) { s.Ops[0].Seq = 0; s.Ops[1].Seq = 1 }},
			{"number zero", func(s *journal.Segment) { s.Number = 0 }},
			{"bad device id", func(s *journal.Segment) {
				s.Device = "../../etc/passwd"
				for _, op := range s.Ops {
					op.Device = s.Device
				}
			}},
			{"bad vault id", func(s *journal.Segment) { s.Vault = "" }},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := newSegment(devA, 1, [32]byte{}, 1, 2, 1)
				tt.mutate(s)
				if _, err := s.Encode(); !errors.Is(err, journal.ErrInvalid) {
					t.Errorf("Encode err = %v, want ErrInvalid", err)
				}
				b := rawSegment(s)
				if _, err := journal.DecodeSegment(b); !errors.Is(err, journal.ErrCorrupt) {
					t.Errorf("Decode err = %v, want ErrCorrupt", err)
				}
			})
		}
	})

	t.Run("huge counts do not allocate", func(t *testing.T) {
		s := journal.Segment{Vault: vaultID, Device: devA, Number: 1}
		b := rawSegment(&s)
		body := b[:len(b)-32]
		body[len(body)-4], body[len(body)-3] = 0xff, 0xff // op count
		sum := sha256.Sum256(body)
		b = append(body, sum[:]...)
		allocs := testing.AllocsPerRun(10, func() { journal.DecodeSegment(b) })
		if _, err := journal.DecodeSegment(b); !errors.Is(err, journal.ErrCorrupt) {
			t.Fatalf("err = %v", err)
		}
		if allocs > 10 {
			t.Errorf("%v allocations for a tiny hostile file", allocs)
		}
	})
}

// rawSegment encodes s as Encode would, without Encode's checks, to build
// hostile files with a correct trailer.
func rawSegment(s *journal.Segment) []byte {
	var b []byte
	u32 := func(v uint32) { b = append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v)) }
	u64 := func(v uint64) { u32(uint32(v >> 32)); u32(uint32(v)) }
	str := func(s string) { u32(uint32(len(s))); b = append(b, s...) }
	b = append(b, "KINKOSEG\x01"...)
	str(s.Vault)
	str(s.Device)
	u64(s.Number)
	b = append(b, s.Prev[:]...)
	u32(uint32(len(s.Ops)))
	for _, op := range s.Ops {
		m := append(op.SigningBytes(), 0, 0, 0, byte(len(op.Sig)))
		m = append(m, op.Sig...)
		u32(uint32(len(m)))
		b = append(b, m...)
	}
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}
