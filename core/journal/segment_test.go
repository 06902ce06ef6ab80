package journal_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/kinko-jp/kinko/core/journal"
)

func TestSegment(t *testing.T) {
	t.Run("round trip", func(t *testing.T) {
		for _, s := range []*journal.Segment{
			newSegment(devA, 1, [32]byte{}, 1, 3, 20),
			newSegment(devB, 9, [32]byte{1, 2, 3}, 1000, 1, 0),
			{Vault: vaultID, Device: devA, Number: 4},
			continued(newSegment(devA, 5, [32]byte{4}, 7, 1, 2)),
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
			if !bytes.HasPrefix(b, []byte("KINKOSEG\x03")) {
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

	t.Run("unknown flags", func(t *testing.T) {
		// The flags byte follows prev; only bit 0 (Continues) is defined.
		at := 8 + 1 + 4 + len(vaultID) + 4 + len(devA) + 32 + 8 + 32
		for _, f := range []byte{0x02, 0x80, 0x81} {
			b := bytes.Clone(small[:len(small)-32])
			b[at] = f
			sum := sha256.Sum256(b)
			b = append(b, sum[:]...)
			if _, err := journal.DecodeSegment(b); !errors.Is(err, journal.ErrCorrupt) {
				t.Fatalf("flags %#x: err = %v, want ErrCorrupt", f, err)
			}
		}
		b := bytes.Clone(small[:len(small)-32])
		if b[at] != 0 {
			t.Fatalf("flags byte of a segment that ends its batch = %#x, want 0", b[at])
		}
		c := mustEncode(t, continued(newSegment(devA, 2, [32]byte{9}, 5, 2, 3)))
		if c[at] != 1 {
			t.Fatalf("flags byte of a continued segment = %#x, want 1", c[at])
		}
		if !bytes.Equal(rawSegment(continued(newSegment(devA, 2, [32]byte{9}, 5, 2, 3))), c) {
			t.Fatal("a continued segment differs from the documented layout")
		}
	})

	t.Run("other formats", func(t *testing.T) {
		// 4: newer; 1: the unsigned format, 2: without flags, never released.
		for _, f := range []byte{4, 2, 1} {
			b := bytes.Clone(small[:len(small)-32])
			b[8] = f
			sum := sha256.Sum256(b)
			b = append(b, sum[:]...)
			_, err := journal.DecodeSegment(b)
			var fe *journal.FormatError
			if !errors.Is(err, journal.ErrFormat) || !errors.As(err, &fe) || fe.Found != int(f) {
				t.Fatalf("format %d: err = %v, want *FormatError{%d}", f, err, f)
			}
		}
	})

	t.Run("not the device's own", func(t *testing.T) {
		// Well-formed files with a correct trailer that the device did not
		// sign: someone else wrote them into its folder.
		s := newSegment(devA, 2, [32]byte{9}, 5, 2, 3)
		badSig := rawSegment(s)
		badSig[len(badSig)-32-1] ^= 1 // last byte of the signature
		sum := sha256.Sum256(badSig[:len(badSig)-32])
		copy(badSig[len(badSig)-32:], sum[:])
		for name, b := range map[string][]byte{
			"signed with another device's key": rawSigned(s, keyB, keyB),
			"its key, another's signature":     rawSigned(s, keyA, keyB),
			"signature altered":                badSig,
		} {
			got, err := journal.DecodeSegment(b)
			if !errors.Is(err, journal.ErrForeign) || errors.Is(err, journal.ErrCorrupt) || got != nil {
				t.Errorf("%s: err = %v, want ErrForeign", name, err)
			}
			checkErrorText(t, err, "")
		}
	})

	t.Run("sign and encode refuse", func(t *testing.T) {
		s := newSegment(devA, 1, [32]byte{}, 1, 2, 1)
		if err := s.Sign(keyB); !errors.Is(err, journal.ErrInvalid) {
			t.Errorf("Sign with another device's key: err = %v, want ErrInvalid", err)
		}
		s.Ops[1].Payload = []byte("changed after signing")
		if _, err := s.Encode(); !errors.Is(err, journal.ErrInvalid) {
			t.Errorf("Encode after a change: err = %v, want ErrInvalid", err)
		}
		unsigned := &journal.Segment{Vault: vaultID, Device: devA, Number: 1}
		if _, err := unsigned.Encode(); !errors.Is(err, journal.ErrInvalid) {
			t.Errorf("Encode unsigned: err = %v, want ErrInvalid", err)
		}
	})

	t.Run("device ids derive from keys", func(t *testing.T) {
		key, id, err := journal.NewDeviceKey()
		if err != nil {
			t.Fatal(err)
		}
		pub := key.Public().(ed25519.PublicKey)
		sum := sha256.Sum256(append([]byte("kinko/device-id/v1\x00"), pub...))
		want := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:10]))
		if id != want || journal.DeviceID(pub) != want || !journal.ValidDeviceID(id) {
			t.Errorf("device id %q, want %q", id, want)
		}
		if journal.DeviceID(pub[:31]) != "" {
			t.Error("DeviceID of a short key is not empty")
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
		count := len(body) - ed25519.SignatureSize - 4
		body[count], body[count+1] = 0xff, 0xff // op count
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
// hostile files with a correct trailer, signed with the key of s.Device
// (keyA for a device without a test key).
// continued sets s.Continues and re-signs it.
func continued(s *journal.Segment) *journal.Segment {
	s.Continues = true
	return sign(s)
}

func rawSegment(s *journal.Segment) []byte {
	key := deviceKeys[s.Device]
	if key == nil {
		key = keyA
	}
	return rawSigned(s, key, key)
}

// rawSigned is rawSegment with key's public key in the header and a
// signature by signer.
func rawSigned(s *journal.Segment, key, signer ed25519.PrivateKey) []byte {
	var b []byte
	u32 := func(v uint32) { b = append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v)) }
	u64 := func(v uint64) { u32(uint32(v >> 32)); u32(uint32(v)) }
	str := func(s string) { u32(uint32(len(s))); b = append(b, s...) }
	b = append(b, "KINKOSEG\x03"...)
	str(s.Vault)
	str(s.Device)
	b = append(b, key.Public().(ed25519.PublicKey)...)
	u64(s.Number)
	b = append(b, s.Prev[:]...)
	if s.Continues {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	u32(uint32(len(s.Ops)))
	for _, op := range s.Ops {
		m := append(op.SigningBytes(), 0, 0, 0, byte(len(op.Sig)))
		m = append(m, op.Sig...)
		u32(uint32(len(m)))
		b = append(b, m...)
	}
	digest := sha256.Sum256(b)
	sig, err := signer.Sign(nil, digest[:], &ed25519.Options{Context: "kinko/segment/v2"})
	if err != nil {
		panic(err)
	}
	b = append(b, sig...)
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}
